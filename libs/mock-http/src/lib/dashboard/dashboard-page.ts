/**
 * The dashboard (`/__mock/ui/`): one page, its styles and script inline, so it works
 * offline and needs no build on the user's machine. It drives the mock through the
 * control API like any client, and refreshes on the mock's change feed (server-sent
 * events). Plain DOM: a UI library would not pay for itself on one page.
 */
export const DASHBOARD_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hypersender mock</title>
<link rel="icon" href="data:,">
<style>
  :root { --ink: #1c1e21; --muted: #5b6168; --line: #dfe3e7; --bg: #f4f6f8; --brand: #0b6e4f; --bad: #a4161a; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
  header { display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; align-items: center; padding: .75rem 1.25rem; background: #12263a; color: #fff; }
  header h1 { font-size: 1.05rem; margin: 0; font-weight: 600; }
  header .clock { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
  header .spacer { flex: 1; }
  header input { width: 5rem; }
  main { display: grid; gap: 1.25rem; padding: 1.25rem; max-width: 90rem; margin: 0 auto; }
  @media (min-width: 70rem) { main { grid-template-columns: minmax(24rem, 2fr) minmax(0, 3fr); } #instances { grid-column: 1 / -1; } }
  section { background: #fff; border: 1px solid var(--line); border-radius: .6rem; padding: 1rem 1.25rem; min-width: 0; }
  h2 { font-size: 1.05rem; margin: 0 0 .75rem; }
  h3 { font-size: .95rem; margin: 1rem 0 .5rem; }
  .filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; margin-bottom: .75rem; align-items: end; }
  label { display: grid; gap: .15rem; font-size: .85rem; color: var(--muted); }
  input, select { font: inherit; padding: .35rem .5rem; border: 1px solid #aab2ba; border-radius: .35rem; color: var(--ink); background: #fff; }
  button { font: inherit; padding: .35rem .8rem; border-radius: .35rem; border: 1px solid #7d868f; background: #fff; color: var(--ink); cursor: pointer; }
  button.primary { background: var(--brand); border-color: var(--brand); color: #fff; }
  button.danger { border-color: var(--bad); color: var(--bad); }
  header button { background: transparent; color: #fff; border-color: #9fb3c8; }
  header button.danger { color: #ffd7d7; border-color: #ffb3b3; }
  button:focus-visible, input:focus-visible, select:focus-visible, [tabindex]:focus-visible { outline: 3px solid #1f6feb; outline-offset: 2px; }
  .scroll { overflow-x: auto; position: relative; }
  table { border-collapse: collapse; width: 100%; font-size: .9rem; }
  th, td { text-align: left; padding: .45rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; white-space: nowrap; }
  th { font-size: .8rem; color: var(--muted); font-weight: 600; }
  td.path, td.more { white-space: normal; word-break: break-all; }
  td.path { min-width: 12rem; }
  tr.selected td { background: #eef6f2; }
  .badge { display: inline-block; padding: .05rem .5rem; border-radius: 1rem; font-size: .78rem; font-weight: 600; border: 1px solid; }
  .s-WORKING { color: #0b5e3b; background: #e3f5ec; border-color: #8fd3b1; }
  .s-SCAN_QR_CODE { color: #7a4b00; background: #fff4de; border-color: #f0c46f; }
  .s-FAILED { color: #9b1c1c; background: #fde8e8; border-color: #f3a5a5; }
  .s-STOPPED { color: #3d4852; background: #eef0f2; border-color: #c4cbd2; }
  .s-STARTING, .s-PENDING { color: #1c4e8a; background: #e6f0fb; border-color: #9fc1ea; }
  .muted { color: var(--muted); }
  .code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85rem; }
  .detail-top { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
  .qr { display: grid; gap: .35rem; justify-items: center; }
  .qr img { width: 228px; height: 228px; image-rendering: pixelated; border: 1px solid var(--line); }
  .qr .none { width: 228px; height: 228px; display: grid; place-items: center; border: 1px dashed #aab2ba; color: var(--muted); text-align: center; padding: 1rem; }
  .actions { display: flex; flex-wrap: wrap; gap: .4rem; align-content: flex-start; max-width: 28rem; }
  .field-error { color: var(--bad); font-size: .82rem; margin: 0; }
  form.create { display: grid; gap: .6rem; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); align-items: start; }
  details { margin-top: 1rem; }
  summary { cursor: pointer; font-weight: 600; }
  .banner { margin: 0; padding: .5rem 1.25rem; background: #fff4de; color: #6b4200; border-bottom: 1px solid #f0c46f; }
  .gate { max-width: 26rem; margin: 3rem auto; }
  .gate form { display: grid; gap: .75rem; }
  ol.history { margin: 0; padding-left: 1.25rem; }
  dialog { border: 1px solid var(--line); border-radius: .6rem; max-width: 26rem; }
  dialog::backdrop { background: rgba(0,0,0,.35); }
  @media (max-width: 40rem) {
    .cards table, .cards tbody, .cards tr, .cards td { display: block; }
    .cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    .cards tr { border-bottom: 1px solid var(--line); padding: .4rem 0; }
    .cards td { border: 0; padding: .15rem 0; white-space: normal; word-break: break-all; }
    .cards td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); font-size: .8rem; }
  }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  [hidden] { display: none !important; }
</style>
</head>
<body>
<header>
  <h1>Hypersender mock</h1>
  <div class="clock" aria-label="The mock's clock" role="group">
    <span>Clock: <strong id="clock-mode">&hellip;</strong> <span id="clock-now" class="code"></span></span>
    <span id="clock-moves" hidden>
      <button type="button" data-advance="10">+10 s</button>
      <button type="button" data-advance="60">+60 s</button>
      <label class="sr-only" for="advance-by">Seconds to advance</label>
      <input id="advance-by" type="number" min="0" step="1" value="5" inputmode="numeric">
      <button type="button" id="advance">Advance</button>
    </span>
  </div>
  <span class="spacer"></span>
  <button type="button" id="reset-all" class="danger">Reset everything</button>
</header>
<p id="offline" class="banner" role="status" hidden>The mock is not answering: reconnecting&hellip;</p>

<div id="gate" class="gate" hidden>
  <section aria-labelledby="gate-title">
    <h2 id="gate-title">Unlock the dashboard</h2>
    <p>This mock listens beyond loopback: its control API needs the token printed in its banner (or given with <span class="code">--control-token</span>).</p>
    <form id="gate-form">
      <label for="gate-token">Control token</label>
      <input id="gate-token" type="password" autocomplete="off" required aria-describedby="gate-error">
      <p id="gate-error" class="field-error"></p>
      <button type="submit" class="primary">Unlock</button>
    </form>
  </section>
</div>

<main id="app" hidden>
  <section id="instances" aria-labelledby="instances-title">
    <h2 id="instances-title">Instances</h2>
    <div class="filters">
      <label>Status
        <select id="filter-status">
          <option value="">Any</option>
          <option>PENDING</option><option>STARTING</option><option>SCAN_QR_CODE</option>
          <option>WORKING</option><option>FAILED</option><option>STOPPED</option>
        </select>
      </label>
      <label>Name <input id="filter-name" type="search"></label>
    </div>
    <div class="scroll cards" tabindex="0" role="region" aria-label="Instances table">
      <table>
        <thead><tr><th scope="col">Id</th><th scope="col">Name</th><th scope="col">Phone</th><th scope="col">Status</th><th scope="col">Connected at</th><th scope="col">Created at</th><th scope="col">Owner token</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
        <tbody id="instance-rows"></tbody>
      </table>
    </div>
    <details id="create">
      <summary>Create an instance</summary>
      <form id="create-form" class="create" novalidate>
        <label>Name <input name="name" required aria-describedby="error-name"><span id="error-name" class="field-error"></span></label>
        <label>Phone <input name="phone" required placeholder="+14155550123" aria-describedby="error-phone"><span id="error-phone" class="field-error"></span></label>
        <label>Starting status
          <select name="status"><option>STOPPED</option><option>PENDING</option><option>STARTING</option><option>SCAN_QR_CODE</option><option>WORKING</option><option>FAILED</option></select>
        </label>
        <label>Webhook URL <input name="webhook_url" type="url" placeholder="https://..." aria-describedby="error-webhook_url"><span id="error-webhook_url" class="field-error"></span></label>
        <div><button type="submit" class="primary">Create</button> <span id="create-result" class="muted"></span></div>
      </form>
    </details>
  </section>

  <section id="detail" aria-labelledby="detail-title">
    <h2 id="detail-title">One instance</h2>
    <p id="detail-empty" class="muted">Open an instance to see its QR code, limits and history, and to act as its phone.</p>
    <div id="detail-body" hidden>
      <div class="detail-top">
        <div class="qr">
          <img id="detail-qr" alt="The instance's current QR code" hidden>
          <div id="detail-no-qr" class="none">No QR code now: the instance is not waiting for a scan.</div>
          <span id="detail-expiry" class="muted"></span>
        </div>
        <div class="actions" role="group" aria-label="Act on this instance">
          <button type="button" class="primary" data-act="scan">Scan</button>
          <button type="button" data-act="unlink">Unlink</button>
          <button type="button" data-act="fail-start">Fail the next start</button>
          <button type="button" data-act="fail-restart">Fail the next restart</button>
          <button type="button" data-act="restart">Restart</button>
          <button type="button" class="danger" data-act="reset">Reset instance</button>
          <p id="act-result" class="muted" style="flex-basis:100%;margin:.25rem 0 0"></p>
        </div>
      </div>
      <h3>Rate limits</h3>
      <div class="scroll" tabindex="0" role="region" aria-label="Rate limits table">
        <table><thead><tr><th scope="col">Operation</th><th scope="col">Used</th><th scope="col">Remaining</th><th scope="col">Resets in</th></tr></thead><tbody id="limit-rows"></tbody></table>
      </div>
      <h3>Status history</h3>
      <ol id="history" class="history"></ol>
    </div>
  </section>

  <section id="requests" aria-labelledby="requests-title">
    <h2 id="requests-title">Requests</h2>
    <div class="filters">
      <label>Method
        <select id="filter-method"><option value="">Any</option><option>GET</option><option>POST</option></select>
      </label>
      <label>Path contains <input id="filter-path" type="search"></label>
      <label>Status <input id="filter-code" type="number" min="100" max="599" inputmode="numeric"></label>
    </div>
    <div class="scroll cards" tabindex="0" role="region" aria-label="Requests table">
      <table>
        <thead><tr><th scope="col">At</th><th scope="col">Method</th><th scope="col">Path</th><th scope="col">Status</th><th scope="col">ms</th><th scope="col"><span class="sr-only">Details</span></th></tr></thead>
        <tbody id="request-rows"></tbody>
      </table>
    </div>
    <p class="muted">The newest 10,000 requests of the public API; tokens are never kept. Bodies are not journaled.</p>
  </section>
</main>

<dialog id="confirm" aria-labelledby="confirm-title">
  <h2 id="confirm-title">Reset everything?</h2>
  <p>Every instance goes back to the seed; limits, the journal, fault rules and webhook deliveries are cleared, and a manual clock returns to its start.</p>
  <form method="dialog"><button value="cancel">Cancel</button> <button value="reset" class="danger" id="confirm-reset">Reset everything</button></form>
</dialog>
<p id="live" class="sr-only" aria-live="polite"></p>

<script>
(() => {
  const $ = (id) => document.getElementById(id);
  const KEY = 'hypersender-mock-control-token';
  let token = sessionStorage.getItem(KEY) || '';
  let selected = null;
  let clock = { mode: 'real', now: Date.now(), at: Date.now() };
  let instances = [];
  let limits = [];
  const openRequests = new Set();

  const say = (text) => { $('live').textContent = text; };
  const el = (tag, props, children) => {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children || []) node.append(child);
    return node;
  };
  const cell = (label, props, children) => {
    const node = el('td', props, children);
    node.dataset.label = label;
    return node;
  };
  const mockNow = () => clock.mode === 'real' ? clock.now + (Date.now() - clock.at) : clock.now;
  const short = (id) => id.slice(0, 8);
  const mask = (secret) => secret.length > 8 ? secret.slice(0, 4) + '\\u2026' + secret.slice(-2) : '\\u2026';
  const time = (value) => value ? value.replace('T', ' ').replace(/\\.\\d+Z$|Z$/, '') : '\\u2014';

  async function api(path, options) {
    const headers = Object.assign({}, (options && options.headers) || {});
    if (token) headers.Authorization = 'Bearer ' + token;
    if (options && options.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, Object.assign({}, options, { headers, body: options && options.body !== undefined ? JSON.stringify(options.body) : undefined }));
    if (response.status === 401 && path.startsWith('/__mock/')) { showGate(); throw new Error('unauthenticated'); }
    const text = await response.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch { body = text; }
    return { status: response.status, ok: response.ok, body };
  }

  function showGate(message) {
    $('app').hidden = true;
    $('gate').hidden = false;
    $('gate-error').textContent = message || (token ? 'That token was refused.' : '');
    $('gate-token').focus();
  }

  $('gate-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    token = $('gate-token').value.trim();
    sessionStorage.setItem(KEY, token);
    try {
      await refresh();
      $('gate').hidden = true;
      $('app').hidden = false;
      connect();
    } catch { /* the gate says why */ }
  });

  function badge(status) {
    return el('span', { className: 'badge s-' + status, textContent: status });
  }

  function renderInstances() {
    const status = $('filter-status').value;
    const name = $('filter-name').value.trim().toLowerCase();
    const rows = instances.filter((instance) => (!status || instance.status === status) && (!name || instance.name.toLowerCase().includes(name)));
    $('instance-rows').replaceChildren(...rows.map((instance) => {
      const shown = el('span', { className: 'code', textContent: mask(instance.token) });
      const reveal = el('button', { type: 'button', textContent: 'Show', ariaLabel: 'Show the token of ' + instance.name });
      reveal.addEventListener('click', () => {
        const showing = reveal.textContent === 'Hide';
        shown.textContent = showing ? mask(instance.token) : instance.token;
        reveal.textContent = showing ? 'Show' : 'Hide';
      });
      const copy = el('button', { type: 'button', textContent: 'Copy', ariaLabel: 'Copy the token of ' + instance.name });
      copy.addEventListener('click', async () => {
        try { await navigator.clipboard.writeText(instance.token); say('Token copied.'); copy.textContent = 'Copied'; }
        catch { say('The browser refused the clipboard: use Show and copy it by hand.'); }
      });
      const open = el('button', { type: 'button', textContent: 'Open', ariaLabel: 'Open ' + instance.name });
      open.addEventListener('click', () => { selected = instance.id; renderInstances(); refreshDetail().then(() => $('detail-title').focus()); });
      const row = el('tr', { className: instance.id === selected ? 'selected' : '' }, [
        cell('Id', {}, [el('span', { className: 'code', textContent: short(instance.id), title: instance.id })]),
        cell('Name', { textContent: instance.name }),
        cell('Phone', { textContent: instance.phone }),
        cell('Status', {}, [badge(instance.status)]),
        cell('Connected at', { textContent: time(instance.connected_at) }),
        cell('Created at', { textContent: time(instance.created_at) }),
        cell('Owner token', {}, [shown, ' ', reveal, ' ', copy]),
        el('td', {}, [open]),
      ]);
      return row;
    }));
  }

  function renderClock() {
    $('clock-mode').textContent = clock.mode;
    $('clock-now').textContent = new Date(mockNow()).toISOString().slice(0, 19).replace('T', ' ') + ' UTC';
    $('clock-moves').hidden = clock.mode !== 'manual';
  }

  async function refreshDetail() {
    const instance = instances.find((candidate) => candidate.id === selected);
    $('detail-empty').hidden = Boolean(instance);
    $('detail-body').hidden = !instance;
    if (!instance) { $('detail-title').textContent = 'One instance'; return; }
    $('detail-title').textContent = instance.name + ' (' + short(instance.id) + ')';
    $('detail-title').tabIndex = -1;
    const image = $('detail-qr');
    if (instance.qr) {
      const src = '/__mock/instances/' + instance.id + '/qr.png?qr=' + encodeURIComponent(instance.qr.issued_at);
      if (image.dataset.src !== src) {
        image.dataset.src = src;
        if (!token) image.src = src;
        else {
          // With a control token the image is fetched with it, so the token never sits in the page.
          const response = await fetch(src, { headers: { Authorization: 'Bearer ' + token } });
          if (response.ok) {
            if (image.src.startsWith('blob:')) URL.revokeObjectURL(image.src);
            image.src = URL.createObjectURL(await response.blob());
          }
        }
      }
    }
    image.hidden = !instance.qr;
    $('detail-no-qr').hidden = Boolean(instance.qr);
    const answer = await api('/__mock/instances/' + instance.id + '/limits');
    limits = answer.ok ? answer.body : [];
    renderDetailTimes();
    $('history').replaceChildren(...(instance.status_history || []).map((change) =>
      el('li', {}, [badge(change.status), ' ', el('span', { className: 'muted', textContent: time(change.at) })])));
  }

  function renderDetailTimes() {
    const instance = instances.find((candidate) => candidate.id === selected);
    if (!instance) return;
    if (instance.qr) {
      const left = Math.max(0, Math.ceil((Date.parse(instance.qr.expires_at) - mockNow()) / 1000));
      $('detail-expiry').textContent = left > 0 ? 'Expires in ' + left + ' s' : 'Expired';
    } else $('detail-expiry').textContent = '';
    const elapsed = clock.mode === 'real' ? (Date.now() - clock.at) / 1000 : 0;
    $('limit-rows').replaceChildren(...limits.map((limit) => {
      const resets = Math.max(0, Math.ceil(limit.resets_in_seconds - elapsed));
      const spent = limit.remaining === 0 && resets > 0;
      return el('tr', {}, [
        el('td', { className: 'code', textContent: limit.operation }),
        el('td', { textContent: limit.limit === null ? limit.used + ' (no limit)' : limit.used + ' of ' + limit.limit }),
        el('td', { textContent: limit.remaining === null ? '\\u2014' : String(limit.remaining) + (spent ? ' (429 until it resets)' : '') }),
        el('td', { textContent: resets > 0 ? resets + ' s' : '\\u2014' }),
      ]);
    }));
  }

  async function refreshRequests() {
    const query = new URLSearchParams();
    if ($('filter-method').value) query.set('method', $('filter-method').value);
    if ($('filter-path').value.trim()) query.set('path', $('filter-path').value.trim());
    if (/^\\d{3}$/.test($('filter-code').value)) query.set('status', $('filter-code').value);
    const answer = await api('/__mock/requests' + (query.size ? '?' + query : ''));
    const entries = answer.ok ? answer.body.slice(-200).reverse() : [];
    const rows = [];
    entries.forEach((entry, index) => {
      const key = entry.at + entry.method + entry.path + index;
      const more = el('button', { type: 'button', textContent: openRequests.has(key) ? 'Hide' : 'Details', ariaExpanded: String(openRequests.has(key)) });
      more.addEventListener('click', () => { openRequests.has(key) ? openRequests.delete(key) : openRequests.add(key); refreshRequests(); });
      rows.push(el('tr', {}, [
        cell('At', { className: 'code', textContent: time(entry.at) }),
        cell('Method', { textContent: entry.method }),
        cell('Path', { className: 'code path', textContent: entry.path }),
        cell('Status', {}, [el('span', { className: 'badge ' + (entry.status >= 400 || entry.status === 0 ? 's-FAILED' : 's-WORKING'), textContent: entry.status === 0 ? 'no answer' : String(entry.status) })]),
        cell('ms', { textContent: String(entry.duration_ms) }),
        el('td', {}, [more]),
      ]));
      if (openRequests.has(key)) {
        rows.push(el('tr', {}, [el('td', { colSpan: 6, className: 'more' }, [
          el('div', { className: 'code', textContent: 'Request: ' + entry.method + ' ' + entry.path + '  Authorization: ' + entry.authorization }),
          el('div', { className: 'code', textContent: 'Response: ' + (entry.status === 0 ? 'none (a fault dropped or held it)' : entry.status) + ' in ' + entry.duration_ms + ' ms' + (entry.fault ? ', by fault rule ' + entry.fault : '') }),
        ])]));
      }
    });
    $('request-rows').replaceChildren(...rows);
  }

  async function refresh() {
    const [list, clockAnswer] = await Promise.all([api('/__mock/instances'), api('/__mock/clock')]);
    if (list.ok) instances = list.body;
    if (clockAnswer.ok) clock = { mode: clockAnswer.body.mode, now: clockAnswer.body.now, at: Date.now() };
    renderClock();
    renderInstances();
    await Promise.all([refreshDetail(), refreshRequests()]);
  }

  let pending = null;
  const soon = () => { pending ??= setTimeout(() => { pending = null; refresh().catch(() => undefined); }, 100); };

  let events = null;
  function connect() {
    if (events) events.close();
    events = new EventSource('/__mock/events' + (token ? '?token=' + encodeURIComponent(token) : ''));
    events.addEventListener('change', soon);
    events.onopen = () => { if (!$('offline').hidden) { $('offline').hidden = true; soon(); } };
    events.onerror = () => { $('offline').hidden = false; };
  }

  async function act(name) {
    const instance = instances.find((candidate) => candidate.id === selected);
    if (!instance) return;
    const base = '/__mock/instances/' + instance.id;
    const calls = {
      scan: () => api(base + '/scan', { method: 'POST', body: {} }),
      unlink: () => api(base + '/unlink', { method: 'POST', body: {} }),
      'fail-start': () => api(base + '/fail', { method: 'POST', body: { on: 'start' } }),
      'fail-restart': () => api(base + '/fail', { method: 'POST', body: { on: 'restart' } }),
      restart: () => api('/api/whatsapp/v2/' + instance.id + '/restart', { method: 'POST', headers: { Authorization: 'Bearer ' + instance.token, Accept: 'application/json' } }),
      reset: () => api(base + '/reset', { method: 'POST', body: {} }),
    };
    const answer = await calls[name]();
    const words = answer.ok ? 'Done: ' + (answer.body && answer.body.status ? 'the instance is ' + answer.body.status : (answer.body && answer.body.message) || 'ok') + '.' : 'Refused (' + answer.status + '): ' + ((answer.body && answer.body.message) || 'no reason given') + '.';
    $('act-result').textContent = words;
    say(words);
    await refresh();
  }
  document.querySelectorAll('[data-act]').forEach((button) => button.addEventListener('click', () => act(button.dataset.act)));

  async function advance(seconds) {
    const answer = await api('/__mock/clock/advance', { method: 'POST', body: { seconds } });
    say(answer.ok ? 'The clock moved ' + seconds + ' s.' : 'The clock did not move: ' + ((answer.body && answer.body.message) || answer.status));
    await refresh();
  }
  document.querySelectorAll('[data-advance]').forEach((button) => button.addEventListener('click', () => advance(Number(button.dataset.advance))));
  $('advance').addEventListener('click', () => advance(Number($('advance-by').value)));

  $('reset-all').addEventListener('click', () => $('confirm').showModal());
  $('confirm').addEventListener('close', async () => {
    if ($('confirm').returnValue !== 'reset') return;
    await api('/__mock/reset', { method: 'POST', body: {} });
    say('The mock is back to its seed.');
    await refresh();
  });

  $('create-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData($('create-form'));
    const body = { name: form.get('name'), phone: form.get('phone'), status: form.get('status') };
    if (form.get('webhook_url')) body.webhook_url = form.get('webhook_url');
    for (const field of ['name', 'phone', 'webhook_url']) {
      $('error-' + field).textContent = '';
      $('create-form').elements[field].removeAttribute('aria-invalid');
    }
    const answer = await api('/__mock/instances', { method: 'POST', body });
    if (answer.ok) {
      $('create-result').textContent = 'Created ' + answer.body.name + '.';
      say('Created ' + answer.body.name + '.');
      $('create-form').reset();
      await refresh();
      return;
    }
    const errors = (answer.body && answer.body.errors) || {};
    let first = null;
    for (const [field, messages] of Object.entries(errors)) {
      const target = $('error-' + field);
      if (!target) continue;
      target.textContent = messages.join(' ');
      $('create-form').elements[field].setAttribute('aria-invalid', 'true');
      first ??= $('create-form').elements[field];
    }
    $('create-result').textContent = (answer.body && answer.body.message) || 'Refused (' + answer.status + ').';
    if (first) first.focus();
  });

  for (const id of ['filter-status', 'filter-name']) $(id).addEventListener('input', renderInstances);
  for (const id of ['filter-method', 'filter-path', 'filter-code']) $(id).addEventListener('input', () => refreshRequests());

  setInterval(() => { renderClock(); renderDetailTimes(); }, 1000);

  refresh().then(() => { $('app').hidden = false; connect(); }, () => undefined);
})();
</script>
</body>
</html>
`;
