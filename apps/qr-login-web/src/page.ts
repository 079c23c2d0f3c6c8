/** The page: plain, accessible HTML and a little script; no framework earns its place here. */
export const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Link WhatsApp</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 32rem; margin: 2rem auto; padding: 0 1rem; color: #111; }
  figure { margin: 1rem 0; min-height: 2rem; }
  img { width: 264px; height: 264px; image-rendering: pixelated; border: 1px solid #ccc; }
  button { font: inherit; padding: .5rem 1rem; }
  button:disabled { cursor: not-allowed; }
  #status { font-weight: bold; }
  #status[data-status="WORKING"] { color: #0a6b2d; }
  #message:not(:empty) { padding: .5rem; background: #fde8e8; border: 1px solid #c00; }
  #message.ok:not(:empty) { background: #e6f4ea; border-color: #0a6b2d; }
</style>
</head>
<body>
<main>
  <h1>Link WhatsApp</h1>
  <p>On your phone, open WhatsApp, go to <strong>Settings &rsaquo; Linked Devices &rsaquo; Link a device</strong>, and scan the code.</p>
  <figure>
    <img id="qr" alt="QR code to scan with WhatsApp" hidden>
    <figcaption id="expiry" aria-live="polite"></figcaption>
  </figure>
  <p><button id="new-qr" type="button">New QR code</button></p>
  <p id="cooldown" aria-live="polite"></p>
  <p>Status: <span id="status" aria-live="polite">unknown</span></p>
  <p id="message" role="alert"></p>
</main>
<script>
  const $ = (id) => document.getElementById(id);
  let cooldown = 0;
  let expiresAt = 0;
  let done = false;

  function render() {
    const button = $('new-qr');
    button.disabled = cooldown > 0 || done;
    button.textContent = cooldown > 0 ? 'New QR code (in ' + cooldown + ' s)' : 'New QR code';
    $('cooldown').textContent = cooldown > 0 && !done ? 'A new QR code may be requested in ' + cooldown + ' s.' : '';
    const left = Math.max(0, Math.ceil((expiresAt - Date.now()) / 1000));
    if (!$('qr').hidden && !done) $('expiry').textContent = left > 0 ? 'This QR code expires in ' + left + ' s.' : 'This QR code has expired: request a new one.';
  }

  function say(text, ok) {
    $('message').textContent = text;
    $('message').className = ok ? 'ok' : '';
  }

  function explain(status, text) {
    if (status === 401) return 'The server is not allowed to use this instance (401 Unauthenticated): check its token.';
    if (status === 404) return 'This instance does not exist (404): check the instance id.';
    if (status === 429) return 'Too many QR requests: wait for the countdown.';
    return text || 'Something went wrong.';
  }

  const events = new EventSource('/api/events');
  events.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (event.type === 'qr') {
      $('qr').src = event.dataUri;
      $('qr').hidden = false;
      expiresAt = Date.now() + event.expiresInSeconds * 1000;
      cooldown = event.secondsUntilNewQr;
      say('');
    } else if (event.type === 'cooldown') {
      cooldown = event.secondsLeft;
    } else if (event.type === 'status') {
      if ($('message').textContent.startsWith('Hypersender is not answering')) say('');
      $('status').textContent = event.status;
      $('status').dataset.status = event.status;
    } else if (event.type === 'expired') {
      expiresAt = 0;
    } else if (event.type === 'linked') {
      done = true;
      $('status').textContent = 'WORKING';
      $('status').dataset.status = 'WORKING';
      $('qr').hidden = true;
      $('expiry').textContent = '';
      say('Linked: WhatsApp is connected.', true);
    } else if (event.type === 'reconnecting') {
      say('Hypersender is not answering, retrying in ' + Math.round(event.delayMs / 1000) + ' s.');
    } else if (event.type === 'failed') {
      say(event.unreachable ? event.reason : explain(event.httpStatus, 'Linking failed: ' + event.reason));
    }
    render();
  };

  $('new-qr').addEventListener('click', async () => {
    $('new-qr').disabled = true;
    const response = await fetch('/api/qr', { method: 'POST' });
    const answer = await response.json();
    // Either way, the answer says how long until a new QR may be asked for.
    if (answer.secondsUntilNewQr) cooldown = answer.secondsUntilNewQr;
    if (!answer.ok) say(explain(answer.httpStatus, answer.message));
    render();
  });

  setInterval(render, 1000);
</script>
</body>
</html>
`;
