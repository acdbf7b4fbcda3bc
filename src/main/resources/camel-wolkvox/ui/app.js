// The operator page. Every value from the server is put in the page with textContent (never parsed
// as HTML). The session token of a login (or an API key) lives in sessionStorage for this tab only
// and goes out as Authorization: Bearer (or X-API-Key) on each call: no cookie, so another site
// cannot act with it.
'use strict';

const TEXT = {
  en: {
    logout: 'Sign out', loginTitle: 'Sign in', loginHelp: 'Your user and password (wolkvox.ui.users), or your name and an API key of this job (wolkvox.rest.api-keys); kept in this tab only.',
    apiKey: 'API key', operator: 'Your name', enter: 'Enter', badKey: 'The key was refused.',
    navFiles: 'Files', navResolve: 'Resolve', navToken: 'Token', navReports: 'Reports',
    uploadTitle: 'Upload a file', dropHere: 'Drop a CSV or .xlsx file here, or choose one:', inbox: 'Inbox', checkOnly: 'Check only (nothing is sent)',
    upload: 'Upload', uploadAnyway: 'Send it again anyway', uploaded: 'Uploaded: ', chooseFirst: 'Choose a file first.',
    filesTitle: 'Files', colFile: 'File', colState: 'State', colRows: 'Rows done / total', colRate: 'Rate, ETA', colCounts: 'Results',
    details: 'Details', resultOf: 'Result of', filterStatus: 'Status', all: 'all', download: 'Download result',
    colLine: 'Line', colStatus: 'Status', colMessage: 'Message',
    resolveTitle: 'Requests that need a person', resolveHelp: 'An UNKNOWN call may have reached Wolkvox: check there, then mark it. Nothing is sent again from this page.',
    kind: 'Kind', dials: 'Dials', interactions: 'Interactions', note: 'Note', colWho: 'Request', colError: 'Last error', colUpdated: 'Updated',
    markDone: 'Mark DONE', markFailed: 'Mark FAILED', marked: 'Marked: ', confirmMark: 'Mark request {id} as {status}? Only after checking in Wolkvox.',
    historyTitle: 'Decisions', colBy: 'By', colWhen: 'When',
    tokenTitle: 'Token lanes', colAccount: 'Account', colInFlight: 'In flight', colWaiting: 'Waiting', colCalls: 'Calls', colMeanWait: 'Mean wait (ms)', colLast: 'Last outcome',
    reportsTitle: 'Reports', reportsHelp: 'Export now gives the latest snapshot while it is younger than 5 minutes (the vendor\'s rule), else a new pull.',
    colReport: 'Report', colSnapshot: 'Snapshot', colCount: 'Records', exportNow: 'Export now',
    changesTitle: 'Change log', colChange: 'Change', colField: 'Field', colOld: 'Before', colNew: 'After',
    legendWait: 'mean wait per call (ms, own scale)',
    sandbox: 'sandbox', real: 'real Wolkvox', eta: 'ETA {s} s',
    WAITING: 'queued', IN_PROGRESS: 'in progress', DONE: 'done', ERROR: 'error', UNKNOWN: 'unknown', check: 'check',
    password: 'Password (login)', badLogin: 'Unknown user or wrong password.', viewer: 'viewer (read only)', operatorRole: 'operator',
    deadTitle: 'Dead letters', deadHelp: 'Work that failed for good. Only what provably never reached Wolkvox can be re-queued; it goes back through the normal intake.',
    colOperation: 'Operation', colSource: 'Source', colFailure: 'Failure', requeue: 'Re-queue', requeued: 'Re-queued: ', requeuedBy: 're-queued by {who}',
    confirmRequeue: 'Re-queue dead letter {id}? It goes back through the normal intake.', colCircuit: 'Circuit, quota',
    CLOSED: 'closed (calls go)', OPEN: 'open (paused)', QUOTA_SPENT: 'daily quota spent', nextProbe: 'next probe {t}', fromInbox: 'dropped in the inbox',
    chartTitle: 'Last minutes (sampled on the server)', legendCalls: 'calls per sample'
  },
  es: {
    logout: 'Salir', loginTitle: 'Entrar', loginHelp: 'Su usuario y contraseña (wolkvox.ui.users), o su nombre y una clave de API de este servicio (wolkvox.rest.api-keys); se guardan solo en esta pestaña.',
    apiKey: 'Clave de API', operator: 'Su nombre', enter: 'Entrar', badKey: 'La clave fue rechazada.',
    navFiles: 'Archivos', navResolve: 'Resolver', navToken: 'Token', navReports: 'Reportes',
    uploadTitle: 'Subir un archivo', dropHere: 'Suelte aquí un archivo CSV o .xlsx, o elija uno:', inbox: 'Bandeja', checkOnly: 'Solo revisar (no se envía nada)',
    upload: 'Subir', uploadAnyway: 'Enviarlo de nuevo de todos modos', uploaded: 'Subido: ', chooseFirst: 'Elija primero un archivo.',
    filesTitle: 'Archivos', colFile: 'Archivo', colState: 'Estado', colRows: 'Filas hechas / total', colRate: 'Ritmo, fin estimado', colCounts: 'Resultados',
    details: 'Detalle', resultOf: 'Resultado de', filterStatus: 'Estado', all: 'todos', download: 'Descargar resultado',
    colLine: 'Línea', colStatus: 'Estado', colMessage: 'Mensaje',
    resolveTitle: 'Solicitudes que necesitan a una persona', resolveHelp: 'Una llamada UNKNOWN pudo llegar a Wolkvox: verifíquela allí y márquela. Desde esta página no se reenvía nada.',
    kind: 'Tipo', dials: 'Marcaciones', interactions: 'Interacciones', note: 'Nota', colWho: 'Solicitud', colError: 'Último error', colUpdated: 'Actualizada',
    markDone: 'Marcar DONE', markFailed: 'Marcar FAILED', marked: 'Marcada: ', confirmMark: '¿Marcar la solicitud {id} como {status}? Solo tras verificar en Wolkvox.',
    historyTitle: 'Decisiones', colBy: 'Por', colWhen: 'Cuándo',
    tokenTitle: 'Carriles del token', colAccount: 'Cuenta', colInFlight: 'En curso', colWaiting: 'En espera', colCalls: 'Llamadas', colMeanWait: 'Espera media (ms)', colLast: 'Último resultado',
    reportsTitle: 'Reportes', reportsHelp: 'Exportar ahora da la última foto mientras tenga menos de 5 minutos (regla del proveedor); si no, una nueva consulta.',
    colReport: 'Reporte', colSnapshot: 'Foto', colCount: 'Registros', exportNow: 'Exportar ahora',
    changesTitle: 'Cambios', colChange: 'Cambio', colField: 'Campo', colOld: 'Antes', colNew: 'Después',
    legendWait: 'espera media por llamada (ms, escala propia)',
    sandbox: 'sandbox', real: 'Wolkvox real', eta: 'fin en {s} s',
    WAITING: 'en cola', IN_PROGRESS: 'en curso', DONE: 'terminado', ERROR: 'con error', UNKNOWN: 'desconocido', check: 'revisión',
    password: 'Contraseña (usuario)', badLogin: 'Usuario desconocido o contraseña incorrecta.', viewer: 'consulta (solo lectura)', operatorRole: 'operador',
    deadTitle: 'Cartas muertas', deadHelp: 'Trabajo que falló definitivamente. Solo lo que con certeza nunca llegó a Wolkvox puede reencolarse; vuelve por la entrada normal.',
    colOperation: 'Operación', colSource: 'Origen', colFailure: 'Falla', requeue: 'Reencolar', requeued: 'Reencolada: ', requeuedBy: 'reencolada por {who}',
    confirmRequeue: '¿Reencolar la carta muerta {id}? Vuelve por la entrada normal.', colCircuit: 'Circuito, cuota',
    CLOSED: 'cerrado (se llama)', OPEN: 'abierto (en pausa)', QUOTA_SPENT: 'cuota diaria agotada', nextProbe: 'próxima prueba {t}', fromInbox: 'dejado en la bandeja',
    chartTitle: 'Últimos minutos (muestreados en el servidor)', legendCalls: 'llamadas por muestra'
  }
};
const LANG = (navigator.languages || [navigator.language || 'en']).map(l => l.slice(0, 2).toLowerCase()).find(l => TEXT[l]) || 'en';
const t = (key, values) => (TEXT[LANG][key] || key).replace(/\{(\w+)\}/g, (m, k) => String(values && k in values ? values[k] : m));

const $ = id => document.getElementById(id);
const API = '/api/v1';
let pendingFile = null;
let selectedUpload = null;

function el(tag, text, attrs) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
  return e;
}

function row(cells) {
  const tr = document.createElement('tr');
  cells.forEach(c => { const td = document.createElement('td'); if (c instanceof Node) td.appendChild(c); else td.textContent = c === null || c === undefined ? '' : String(c); tr.appendChild(td); });
  return tr;
}

function fill(tableId, rows) {
  $(tableId).querySelector('tbody').replaceChildren(...rows);
}

function credentials() {
  const session = sessionStorage.getItem('session');
  return session ? { Authorization: 'Bearer ' + session } : { 'X-API-Key': sessionStorage.getItem('apiKey') || '' };
}

async function call(path, options) {
  const opts = Object.assign({}, options);
  opts.headers = Object.assign(credentials(), opts.headers);
  const response = await fetch(API + path, opts);
  if (response.status === 401) signOut(t('badKey'));
  return response;
}

function signedIn() {
  return sessionStorage.getItem('session') || sessionStorage.getItem('apiKey') !== null;
}

async function json(path, options) {
  const response = await call(path, options);
  const body = response.headers.get('Content-Type') && response.headers.get('Content-Type').startsWith('application/json') ? await response.json() : null;
  return { status: response.status, body };
}

function signOut(message) {
  const session = sessionStorage.getItem('session');
  if (session) fetch(API + '/operator/logout', { method: 'POST', headers: { Authorization: 'Bearer ' + session } });
  sessionStorage.removeItem('apiKey'); sessionStorage.removeItem('session');
  $('app').hidden = true; $('logout').hidden = true; $('login').hidden = false;
  $('login-error').textContent = message || '';
}

async function signIn() {
  const settings = await json('/operator/settings');
  if (settings.status !== 200) { signOut(t('badKey')); return; }
  $('login').hidden = true; $('app').hidden = false; $('logout').hidden = false;
  // a viewer sees no action buttons (the server refuses them with 403 anyway)
  document.body.classList.toggle('viewer', settings.body.role === 'viewer');
  $('who').textContent = (settings.body.user || sessionStorage.getItem('operator') || '') + ' · ' + t(settings.body.role === 'viewer' ? 'viewer' : 'operatorRole');
  $('inbox').replaceChildren(...settings.body.inboxes.map(name => el('option', name, { value: name })));
  fill('reports', settings.body.reports.map(reportRow));
  const status = await json('/status');
  if (status.status === 200) $('mode').textContent = status.body.sandbox ? t('sandbox') : t('real');
  refresh();
}

// ---- files ----
function choose(file) {
  pendingFile = file || null;
  $('chosen').textContent = pendingFile ? pendingFile.name : '';
  $('upload-anyway').hidden = true;
}

async function upload(confirm) {
  if (!pendingFile) { $('upload-message').textContent = t('chooseFirst'); return; }
  const form = new FormData();
  form.append('file', pendingFile, pendingFile.name);
  form.append('inbox', $('inbox').value);
  if ($('check').checked) form.append('check', 'true');
  if (confirm) form.append('confirm', 'true');
  const answer = await json('/uploads', { method: 'POST', body: form });
  $('upload-anyway').hidden = answer.status !== 409;
  $('upload-message').textContent = answer.status === 202 ? t('uploaded') + answer.body.name : (answer.body ? answer.body.message : String(answer.status));
  if (answer.status === 202) { choose(null); $('file').value = ''; refreshUploads(); }
}

function progress(u) {
  return u.rows_done + ' / ' + (u.rows_total === null || u.rows_total === undefined ? '?' : u.rows_total);
}

function rate(u) {
  if (u.rows_per_second === undefined) return '';
  return u.rows_per_second + '/s' + (u.eta_seconds !== undefined ? ', ' + t('eta', { s: u.eta_seconds }) : '');
}

async function refreshUploads() {
  const list = await json('/uploads');
  if (list.status !== 200) return;
  fill('uploads', list.body.map(u => {
    const details = el('button', t('details'), { type: 'button', 'class': 'details' });
    details.addEventListener('click', () => showDetail(u));
    const tr = row([u.name + (u.source === 'inbox' ? ' (' + t('fromInbox') + ')' : ''), t(u.stage) + (u.check_only ? ' (' + t('check') + ')' : ''), progress(u), rate(u),
      Object.entries(u.counts).map(([k, v]) => k + ' ' + v).join(', '), details]);
    tr.dataset.id = u.id;
    tr.dataset.stage = u.stage;
    return tr;
  }));
  if (selectedUpload) refreshRows();
}

function showDetail(u) {
  selectedUpload = u;
  $('detail').hidden = false;
  $('detail-name').textContent = u.name;
  refreshRows();
}

async function refreshRows() {
  const status = $('status-filter').value;
  const rows = await json('/uploads/' + encodeURIComponent(selectedUpload.id) + '/rows' + (status ? '?status=' + encodeURIComponent(status) : ''));
  if (rows.status !== 200) return;
  fill('rows', rows.body.map(r => row([r.line, r.type_code, r.cod_act, r.status, r.message])));
}

async function download() {
  const response = await call('/uploads/' + encodeURIComponent(selectedUpload.id) + '/result');
  if (response.status !== 200) return;
  // fetched with the key, handed to the browser as a file: the key never goes into a URL
  const url = URL.createObjectURL(await response.blob());
  const a = el('a', null, { href: url, download: selectedUpload.name + '.result.csv' });
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// ---- resolve ----
async function refreshRequests() {
  const kind = $('kind').value;
  const list = await json('/operator/requests?kind=' + encodeURIComponent(kind) + '&status=' + encodeURIComponent($('request-status').value));
  if (list.status === 200) {
    fill('requests', list.body.map(r => {
      const who = kind === 'dials' ? [r.agent_id, r.customer_phone, r.customer_name].filter(Boolean).join(' · ')
        : [r.from, r.to, r.subject].filter(Boolean).join(' · ');
      const actions = el('span');
      if (r.status === 'UNKNOWN') {
        ['DONE', 'FAILED'].forEach(s => {
          const b = el('button', t(s === 'DONE' ? 'markDone' : 'markFailed'), { type: 'button', 'class': 'mark-' + s.toLowerCase() });
          b.addEventListener('click', () => mark(kind, r.id, s));
          actions.appendChild(b);
        });
      }
      const tr = row([r.id, who, r.status, r.last_error, r.updated_at, actions]);
      tr.dataset.id = r.id;
      return tr;
    }));
  }
  const dead = await json('/operator/dead-letters');
  if (dead.status === 200) {
    fill('dead-letters', dead.body.map(d => {
      let action;
      if (d.requeueable) {
        action = el('button', t('requeue'), { type: 'button', 'class': 'requeue act' });
        action.addEventListener('click', () => requeue(d.id));
      } else {
        action = el('span', d.requeued_by ? t('requeuedBy', { who: d.requeued_by }) : d.why_not, { 'class': 'why-not' });
      }
      const tr = row([d.id, d.operation, d.source, d.failure, d.error, d.created_at, action]);
      tr.dataset.id = d.id;
      return tr;
    }));
  }
  const history = await json('/operator/resolutions');
  if (history.status === 200) fill('history', history.body.map(h => row([h.kind, h.id, h.previous_status + ' → ' + h.new_status, h.resolved_by, h.resolved_at, h.note])));
}

async function mark(kind, id, status) {
  if (!window.confirm(t('confirmMark', { id, status }))) return;
  const answer = await json('/operator/requests/' + encodeURIComponent(kind) + '/' + encodeURIComponent(id) + '/resolve', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ status, operator: sessionStorage.getItem('operator') || '', note: $('note').value })
  });
  $('resolve-message').textContent = answer.status === 200 ? t('marked') + kind + ' ' + id + ' ' + status : (answer.body ? answer.body.message : String(answer.status));
  refreshRequests();
}

async function requeue(id) {
  if (!window.confirm(t('confirmRequeue', { id }))) return;
  const answer = await json('/operator/dead-letters/' + encodeURIComponent(id) + '/requeue', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ operator: sessionStorage.getItem('operator') || '', note: $('note').value })
  });
  $('dead-message').textContent = answer.status === 200 ? t('requeued') + id + ' → ' + answer.body.as : (answer.body ? answer.body.message : String(answer.status));
  refreshRequests();
}

// ---- token and reports ----
function circuit(a) {
  const pause = a.pause ? ' · ' + t('nextProbe', { t: a.pause.next_probe }) : '';
  return t(a.circuit) + pause;
}

async function refreshToken() {
  const status = await json('/status');
  if (status.status !== 200) return;
  fill('lanes', status.body.accounts.map(a => {
    const tr = row([a.account || 'default', a.in_flight + ' / ' + a.max_concurrent, a.queue_depth, a.calls,
      a.calls ? Math.round(a.total_wait_ms / a.calls) : 0, circuit(a), [a.last_outcome, a.last_outcome_at].filter(Boolean).join(' · ')]);
    tr.dataset.account = a.account || 'default';
    tr.dataset.circuit = a.circuit;
    return tr;
  }));
  const history = await json('/operator/token-history');
  if (history.status === 200) draw(history.body);
}

// The server samples each lane every few seconds: the chart shows the last minutes at once, all lanes summed.
function draw(history) {
  const canvas = $('chart');
  const g = canvas.getContext('2d');
  g.clearRect(0, 0, canvas.width, canvas.height);
  const lanes = Object.values(history.lanes);
  const n = Math.max(0, ...lanes.map(l => l.length));
  const steps = [];
  for (let i = 0; i < n; i++) {
    const at = lanes.map(l => l[l.length - n + i]).filter(Boolean);
    const calls = at.reduce((sum, s) => sum + s.calls, 0);
    const wait = at.reduce((sum, s) => sum + s.calls * s.mean_wait_ms, 0);
    steps.push({ calls, wait: calls > 0 ? wait / calls : 0 });
  }
  canvas.dataset.samples = String(steps.length);
  if (steps.length === 0) return;
  const slots = Math.max(1, Math.round(history.span_ms / history.interval_ms));
  const w = canvas.width / slots;
  const x0 = (slots - steps.length) * w;
  const maxCalls = Math.max(1, ...steps.map(s => s.calls));
  const maxWait = Math.max(1, ...steps.map(s => s.wait));
  g.fillStyle = '#1f3a5f';
  steps.forEach((s, i) => { const h = (s.calls / maxCalls) * (canvas.height - 10); g.fillRect(x0 + i * w, canvas.height - h, Math.max(1, w - 1), h); });
  g.strokeStyle = '#f0b429'; g.lineWidth = 2; g.beginPath();
  steps.forEach((s, i) => { const y = canvas.height - (s.wait / maxWait) * (canvas.height - 10); if (i) g.lineTo(x0 + i * w + w / 2, y); else g.moveTo(x0 + w / 2, y); });
  g.stroke();
}

function reportRow(name) {
  const snapshot = el('span'); const count = el('span');
  const b = el('button', t('exportNow'), { type: 'button', 'class': 'export' });
  b.addEventListener('click', async () => {
    b.disabled = true;
    const answer = await json('/reports/' + encodeURIComponent(name) + '/export', { method: 'POST' });
    b.disabled = false;
    snapshot.textContent = answer.status === 200 ? answer.body.snapshot_time : (answer.body ? answer.body.message : String(answer.status));
    count.textContent = answer.status === 200 ? answer.body.count : '';
  });
  const tr = row([name, snapshot, count, b]);
  tr.dataset.report = name;
  return tr;
}

async function refreshReports() {
  const view = await json('/operator/reports');
  if (view.status !== 200) return;
  view.body.snapshots.forEach(s => {
    // typed reports are recorded as routing-points, their setting says routing_points
    const tr = $('reports').querySelector('tr[data-report="' + CSS.escape(s.report.replace(/-/g, '_')) + '"]');
    if (tr) { tr.children[1].firstChild.textContent = s.snapshot_time; tr.children[2].firstChild.textContent = s.record_count; }
  });
  fill('changes', view.body.changes.map(c => row([c.report, c.snapshot_time, c.record_id, c.change_kind, c.field, c.old_value, c.new_value])));
}

// ---- the page ----
let timer = null;
function refresh() {
  if (!signedIn()) return;
  const view = document.querySelector('nav button.active').dataset.view;
  ({ files: refreshUploads, resolve: refreshRequests, token: refreshToken, reports: refreshReports })[view]();
  clearTimeout(timer);
  timer = setTimeout(refresh, 2000);
}

document.addEventListener('DOMContentLoaded', () => {
  document.documentElement.lang = LANG;
  document.querySelectorAll('[data-i18n]').forEach(e => { e.textContent = t(e.dataset.i18n); });
  document.querySelectorAll('nav button').forEach(b => b.addEventListener('click', () => {
    document.querySelectorAll('nav button').forEach(o => o.classList.toggle('active', o === b));
    document.querySelectorAll('.view').forEach(v => { v.hidden = v.id !== 'view-' + b.dataset.view; });
    refresh();
  }));
  $('login-form').addEventListener('submit', async e => {
    e.preventDefault();
    sessionStorage.setItem('operator', $('operator').value.trim());
    const password = $('password').value;
    $('password').value = '';
    if (password) {
      // a login: the password goes to the server once; only the session token is kept
      const answer = await fetch(API + '/operator/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: $('operator').value.trim(), password }) });
      if (answer.status !== 200) { $('login-error').textContent = t('badLogin'); return; }
      sessionStorage.setItem('session', (await answer.json()).token);
    } else {
      sessionStorage.setItem('apiKey', $('key').value.trim());
    }
    $('key').value = '';
    signIn();
  });
  $('logout').addEventListener('click', () => signOut(''));
  $('file').addEventListener('change', () => choose($('file').files[0]));
  const drop = $('drop');
  drop.addEventListener('dragover', e => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', e => { e.preventDefault(); drop.classList.remove('over'); choose(e.dataTransfer.files[0]); });
  $('upload-form').addEventListener('submit', e => { e.preventDefault(); upload(false); });
  $('upload-anyway').addEventListener('click', () => upload(true));
  $('status-filter').addEventListener('change', refreshRows);
  $('download').addEventListener('click', download);
  $('kind').addEventListener('change', refreshRequests);
  $('request-status').addEventListener('change', refreshRequests);
  $('operator').value = sessionStorage.getItem('operator') || '';
  if (signedIn()) signIn();
});
