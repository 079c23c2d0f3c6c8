/**
 * A URL fit for a log: without `user:password@`, and with every query value replaced
 * (`?key=...` is often a secret), as the journal keeps tokens out.
 */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '[unparsable URL]';
  }
  if (url.username || url.password) {
    url.username = 'redacted';
    url.password = '';
  }
  for (const key of [...url.searchParams.keys()]) url.searchParams.set(key, 'redacted');
  return url.toString();
}
