import type { FieldErrors } from './domain-error';

/** Laravel's validation failure message, which the real service answers with. */
export const VALIDATION_MESSAGE = 'The given data was invalid.';

export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
export const NAME_MAX_LENGTH = 50;

export interface CreateInstanceInput {
  readonly name: string;
  readonly phone: string;
  readonly webhookUrl: string | null;
}

function add(errors: FieldErrors, field: string, message: string): void {
  (errors[field] ??= []).push(message);
}

/** 127.0.0.0/8, ::1 and localhost: where a developer's own receiver listens. */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

/**
 * Where status changes may be POSTed: https, as the real API demands; and, unless
 * `httpsOnly`, http on a loopback host, so that a receiver on a laptop can be used.
 */
export function isAllowedWebhookUrl(value: string, { httpsOnly = false } = {}): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.hostname === '') return false;
  if (url.protocol === 'https:') return true;
  return !httpsOnly && url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/**
 * The create-instance body checked as the real service checks it (Laravel rules:
 * required, string, max:50, unique name per owner, E.164 phone, https webhook):
 * either the input or the messages for each field at fault.
 */
export type CreateInstanceValidation =
  | { readonly ok: true; readonly input: CreateInstanceInput }
  | { readonly ok: false; readonly errors: FieldErrors };

export function validateCreateInstance(
  body: unknown,
  nameTaken: (name: string) => boolean,
  { webhooksHttpsOnly = false }: { webhooksHttpsOnly?: boolean } = {},
): CreateInstanceValidation {
  const errors: FieldErrors = {};
  const fields =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : {};
  const { name, phone, webhook_url: webhookUrl } = fields;

  if (name === undefined || name === null || name === '')
    add(errors, 'name', 'The name field is required.');
  else if (typeof name !== 'string') add(errors, 'name', 'The name field must be a string.');
  else if ([...name].length > NAME_MAX_LENGTH) {
    add(errors, 'name', `The name field must not be greater than ${NAME_MAX_LENGTH} characters.`);
  } else if (nameTaken(name)) add(errors, 'name', 'The name has already been taken.');

  if (phone === undefined || phone === null || phone === '')
    add(errors, 'phone', 'The phone field is required.');
  else if (typeof phone !== 'string' || !E164_PATTERN.test(phone)) {
    add(errors, 'phone', 'The phone field must be a valid E.164 number.');
  }

  if (webhookUrl !== undefined && webhookUrl !== null) {
    if (
      typeof webhookUrl !== 'string' ||
      !isAllowedWebhookUrl(webhookUrl, { httpsOnly: webhooksHttpsOnly })
    ) {
      add(errors, 'webhook_url', 'The webhook url field must be a valid https URL.');
    }
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      name: name as string,
      phone: phone as string,
      webhookUrl: typeof webhookUrl === 'string' ? webhookUrl : null,
    },
  };
}
