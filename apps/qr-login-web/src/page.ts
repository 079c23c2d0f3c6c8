/**
 * The page, held to WhatsApp Web's own linking page: numbered steps, a code shown at
 * once and renewed by itself, an expired code dimmed under a clear action, words
 * instead of status codes, one countdown, one polite announcement per change. Plain
 * HTML and a little script: no framework earns its place here.
 */
export const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Link WhatsApp</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>
  :root { --green: #0b6e4f; --ink: #1c1e21; --muted: #54595f; --line: #d9dde1; --bad: #a4161a; --bad-bg: #fdecea; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #eef1f3; }
  header { background: var(--green); color: #fff; padding: 1rem 1.25rem 4.5rem; }
  header p { margin: 0; font-weight: 600; letter-spacing: .02em; }
  main { max-width: 60rem; margin: -3.5rem auto 2rem; padding: 0 1rem; }
  .card { background: #fff; border-radius: .75rem; box-shadow: 0 1px 3px rgba(0,0,0,.12); padding: 2rem 1.5rem; display: grid; gap: 2rem; }
  @media (min-width: 48rem) { .card { grid-template-columns: 1fr auto; padding: 3rem; } }
  h1 { font-size: 1.6rem; font-weight: 500; margin: 0 0 1.25rem; }
  ol { margin: 0; padding-left: 1.4rem; }
  ol li { margin: .55rem 0; padding-left: .25rem; }
  .state { margin: 1.5rem 0 0; color: var(--muted); }
  .state strong { color: var(--ink); font-weight: 600; }
  .code { display: grid; justify-items: center; align-content: start; gap: .75rem; min-width: 16rem; }
  .frame { position: relative; display: grid; place-items: center; width: 264px; height: 264px; border: 1px solid var(--line); border-radius: .5rem; background: #fff; }
  .frame img { display: block; image-rendering: pixelated; transition: opacity .2s; }
  .frame img.dim { opacity: .12; }
  .over { position: absolute; inset: 0; display: grid; place-content: center; justify-items: center; gap: .5rem; text-align: center; padding: 1rem; }
  .wait { color: var(--muted); }
  .spinner { width: 2.5rem; height: 2.5rem; border: .25rem solid var(--line); border-top-color: var(--green); border-radius: 50%; animation: spin 1s linear infinite; }
  @keyframes spin { to { transform: rotate(360deg); } }
  @media (prefers-reduced-motion: reduce) { .spinner { animation: none; } }
  button { font: inherit; font-weight: 600; color: #fff; background: var(--green); border: 0; border-radius: 1.5rem; padding: .6rem 1.4rem; cursor: pointer; }
  button[aria-disabled="true"] { background: #8a9096; cursor: not-allowed; }
  button:focus-visible { outline: 3px solid #1f6feb; outline-offset: 2px; }
  .caption { margin: 0; color: var(--muted); font-size: .95rem; min-height: 1.5em; }
  .done { display: grid; gap: .5rem; justify-items: start; }
  .done .mark { width: 3rem; height: 3rem; border-radius: 50%; background: var(--green); color: #fff; display: grid; place-items: center; font-size: 1.6rem; }
  .problem { margin: 0; padding: .75rem 1rem; border-radius: .5rem; background: var(--bad-bg); color: var(--bad); border: 1px solid #f1b0ab; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  [hidden] { display: none !important; }
</style>
</head>
<body>
<header><p>Hypersender &middot; WhatsApp</p></header>
<main>
  <section class="card" aria-labelledby="title">
    <div>
      <h1 id="title">Link WhatsApp to this app</h1>
      <ol id="steps">
        <li>Open <strong>WhatsApp</strong> on your phone.</li>
        <li>Tap <strong>Menu</strong> or <strong>Settings</strong> and select <strong>Linked devices</strong>.</li>
        <li>Tap <strong>Link a device</strong>.</li>
        <li>Point your phone at this screen to scan the code.</li>
      </ol>
      <div id="done" class="done" hidden>
        <span class="mark" aria-hidden="true">&#10003;</span>
        <p><strong>Linked.</strong> WhatsApp is connected; you can close this page.</p>
      </div>
      <p class="state">Status: <strong id="status">Checking&hellip;</strong></p>
      <p id="problem" class="problem" hidden></p>
    </div>
    <div class="code" id="code">
      <div class="frame" id="frame" tabindex="-1" role="group" aria-label="The code to scan">
        <div id="loading" class="over" aria-busy="true"><div class="spinner" aria-hidden="true"></div><span>Getting a code&hellip;</span></div>
        <img id="qr" alt="QR code to scan with WhatsApp" hidden>
        <div id="over" class="over" hidden><strong id="over-text"></strong></div>
      </div>
      <p id="caption" class="caption"></p>
      <button id="new-qr" type="button" aria-describedby="wait" hidden>Get a new code</button>
      <p id="wait" class="caption wait"></p>
    </div>
  </section>
  <p id="announce" class="sr-only" role="status" aria-live="polite"></p>
</main>
<script>
  const $ = (id) => document.getElementById(id);
  const STATUS = {
    PENDING: 'Setting up', STARTING: 'Starting', SCAN_QR_CODE: 'Waiting for you to scan',
    WORKING: 'Linked', FAILED: 'Not linked', STOPPED: 'Not connected',
  };
  const state = {
    phase: 'loading', // loading | qr | expired | linked | unlinked | failed
    status: null, qrExpiresAt: 0, cooldownEndsAt: 0,
    problem: '', apiAway: false, serverAway: false, apiRetryInS: 0, limited: false,
  };
  const secondsTo = (at) => Math.max(0, Math.ceil((at - Date.now()) / 1000));

  /** One announcement per change, never per second. */
  let announced = '';
  function announce(text) {
    if (text === announced) return;
    announced = text;
    $('announce').textContent = text;
  }

  function explain(status, text) {
    if (status === 401) return 'This app\\'s Hypersender token was refused (401): check the token it runs with.';
    if (status === 404) return 'This WhatsApp instance does not exist (404): check the instance id this app runs with.';
    return text || 'Something went wrong.';
  }

  function render() {
    const phase = state.phase;
    const cooldown = secondsTo(state.cooldownEndsAt);
    const expiresIn = secondsTo(state.qrExpiresAt);
    if (state.limited && cooldown === 0) { state.limited = false; if (state.problem.startsWith('Too many')) state.problem = ''; }
    const linked = phase === 'linked';
    $('steps').hidden = linked;
    $('done').hidden = !linked;
    $('status').textContent = state.apiAway ? 'Hypersender is not answering' : (STATUS[state.status] || (state.status ? state.status : 'Checking\\u2026'));

    const showQr = phase === 'qr' || phase === 'expired';
    $('code').hidden = linked;
    $('loading').hidden = phase !== 'loading';
    $('qr').hidden = !showQr;
    $('qr').classList.toggle('dim', phase === 'expired');
    $('over').hidden = phase !== 'expired' && phase !== 'unlinked' && phase !== 'failed';
    $('over-text').textContent = phase === 'expired' ? 'This code expired' : phase === 'unlinked' ? 'Your phone unlinked this device' : phase === 'failed' ? 'No code to scan' : '';

    let caption = '';
    if (phase === 'qr') caption = expiresIn > 0 ? 'This code refreshes in ' + expiresIn + ' s' : '';
    $('caption').textContent = caption;

    const offerNew = phase === 'expired' || phase === 'unlinked' || phase === 'failed';
    const button = $('new-qr');
    // A pressed button that goes away hands the focus to the code it brought, not to the page.
    const hadFocus = document.activeElement === button;
    button.hidden = !offerNew;
    if (hadFocus && !offerNew) $('frame').focus();
    button.setAttribute('aria-disabled', String(cooldown > 0 || requesting));
    $('wait').textContent = offerNew && cooldown > 0 ? 'A new code is available in ' + cooldown + ' s' : '';

    let problem = state.problem;
    if (state.serverAway) problem = 'This page lost its connection to its server. Reconnecting\\u2026';
    else if (state.apiAway) problem = 'Hypersender is not answering, retrying in ' + Math.max(1, state.apiRetryInS) + ' s.';
    $('problem').textContent = problem;
    $('problem').hidden = !problem;
  }

  function enter(phase, words) {
    state.phase = phase;
    if (words) announce(words);
  }

  let requesting = false;
  async function newCode() {
    if ($('new-qr').getAttribute('aria-disabled') === 'true') return;
    requesting = true;
    render();
    try {
      const answer = await (await fetch('/api/qr', { method: 'POST' })).json();
      if (answer.secondsUntilNewQr) state.cooldownEndsAt = Date.now() + answer.secondsUntilNewQr * 1000;
      if (!answer.ok) {
        state.limited = answer.httpStatus === 429 || (answer.secondsUntilNewQr > 0 && !answer.httpStatus);
        state.problem = state.limited ? 'Too many code requests: a new code is available in a moment.' : explain(answer.httpStatus, answer.message);
        announce(state.problem);
      }
    } catch {
      state.problem = 'This page could not reach its server.';
      announce(state.problem);
    } finally {
      requesting = false;
      render();
    }
  }
  $('new-qr').addEventListener('click', newCode);

  function onEvent(event) {
    switch (event.type) {
      case 'qr':
        $('qr').src = event.dataUri;
        state.qrExpiresAt = Date.now() + event.expiresInSeconds * 1000;
        state.cooldownEndsAt = Date.now() + event.secondsUntilNewQr * 1000;
        state.problem = ''; state.limited = false;
        enter('qr', 'A code is ready: scan it with WhatsApp.');
        break;
      case 'cooldown':
        state.cooldownEndsAt = Date.now() + event.secondsLeft * 1000;
        break;
      case 'status':
        state.status = event.status;
        break;
      case 'expired':
        if (state.phase === 'qr') enter('expired', 'The code expired.');
        break;
      case 'linked':
        state.status = 'WORKING'; state.problem = '';
        enter('linked', 'Linked: WhatsApp is connected.');
        break;
      case 'unlinked':
        state.status = event.status;
        enter('unlinked', 'Your phone unlinked this device. Get a new code to link it again.');
        break;
      case 'reconnecting':
        state.apiAway = true;
        state.apiRetryInS = Math.round(event.delayMs / 1000);
        retryEndsAt = Date.now() + event.delayMs;
        announce('Hypersender is not answering, retrying.');
        break;
      case 'failed':
        if (event.unreachable) {
          state.apiAway = true;
          announce('Hypersender is not answering, retrying.');
          break;
        }
        state.problem = event.httpStatus ? explain(event.httpStatus, event.reason) : (state.status === 'FAILED' ? 'Linking failed: the instance could not start. Get a new code to try again.' : event.reason);
        enter('failed', state.problem);
        break;
    }
    if (event.type !== 'reconnecting' && !(event.type === 'failed' && event.unreachable)) state.apiAway = false;
    render();
  }

  let retryEndsAt = 0;
  setInterval(() => {
    if (state.apiAway && retryEndsAt) state.apiRetryInS = secondsTo(retryEndsAt);
    render();
  }, 1000);

  function connect() {
    const events = new EventSource('/api/events');
    events.onopen = () => { if (state.serverAway) { state.serverAway = false; announce('Connected again.'); render(); } };
    events.onmessage = (message) => onEvent(JSON.parse(message.data));
    events.onerror = () => {
      if (!state.serverAway) { state.serverAway = true; announce('This page lost its connection to its server. Reconnecting.'); render(); }
    };
  }
  connect();
  render();
</script>
</body>
</html>
`;
