/* global localStorage, document, window, location, requestAnimationFrame, setTimeout, clearTimeout, setInterval -- browser module (eslint runs with Node globals) */
// The NOC (issues 6 and 15): lists from the REST API, then live over GET /v1/events. Plain ES
// modules, no build step. Views: overview (folded alarms + network inventory), the ONT page
// (#/ont/…), work queues (#/queues). Each view is its own module; this file wires them.
import { ApiError, api, connectEvents, forgetKey, listOf, rememberKey, storedKey } from './api.js';
import { $, h, ontHash, parseHash } from './dom.js';
import { createModel, filterChoices, ontOf, upsertAlarm, upsertIncident } from './model.js';
import { PAGE_ROWS, renderAlarms, selectedAlarms } from './alarms-view.js';
import { renderInventory } from './inventory-view.js';
import { RANGES, renderOntPage } from './ont-view.js';
import { renderQueues, loadQueues } from './queues-view.js';
import { initSearch } from './search-view.js';
import { beep } from './sound.js';
import { logActivity, renderTotals, setConnection, tickDurations } from './view.js';

const model = createModel();
const FILTERS = 'ponctl.noc.filters';
try {
  Object.assign(model.filters, JSON.parse(localStorage.getItem(FILTERS) ?? '{}'));
} catch {
  /* ignore */
}

let stream;
let retry;
let frame = 0;
let seq = 0;
const inv = { summary: [], olts: new Map(), unconfigured: new Map(), onts: new Map() };
const page = { view: 'overview', ont: undefined, detail: undefined, range: '6h' };

const ui = {
  expanded: new Set(),
  selected: new Set(),
  shownRows: PAGE_ROWS,
  invOpen: new Set(),
  ponOpen: new Set(),
  toggle(id) {
    if (!ui.expanded.delete(id)) ui.expanded.add(id);
    schedule();
  },
  select(key, on) {
    if (on) ui.selected.add(key);
    else ui.selected.delete(key);
    schedule();
  },
  openAlarm(a) {
    const o = ontOf(a);
    if (o) location.hash = ontHash(o);
  },
  ack: (alarms, button) => void bulk('ack', alarms, button),
  shelve: (alarms, button) => void bulk('shelve', alarms, button),
  toggleOlt(olt) {
    if (!ui.invOpen.delete(olt)) ui.invOpen.add(olt);
    schedule();
  },
  togglePon(olt, pon) {
    const key = `${olt}|${pon}`;
    if (ui.ponOpen.delete(key)) return schedule();
    ui.ponOpen.add(key);
    void loadPonOnts(olt, pon);
    schedule();
  },
};

/** Renders at most once per frame however many events arrive. */
function schedule() {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    renderTotals(model);
    renderChoices();
    renderAlarms(model, ui);
    renderInventory(inv, ui);
    tickDurations(model);
  });
}

function renderChoices() {
  const form = $('#filters');
  const choices = filterChoices(model);
  for (const name of ['olt', 'cause', 'type']) {
    const sel = form.elements[name];
    const want = ['', ...choices[name]];
    if (model.filters[name] && !want.includes(model.filters[name])) want.push(model.filters[name]);
    if ([...sel.options].map((o) => o.value).join('\n') === want.join('\n')) continue;
    sel.replaceChildren(...want.map((v) => h('option', { value: v }, v || 'all')));
    sel.value = model.filters[name];
  }
}

/** Every page of a list (no silent cap: the API pages, the page follows `next`). */
async function allPages(path, name) {
  const out = [];
  let next = '';
  for (let i = 0; i < 100; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const body = await api('GET', next ? `${path}${sep}cursor=${encodeURIComponent(next)}` : path);
    out.push(...listOf(body, name));
    if (!body?.next) break;
    next = body.next;
  }
  return out;
}

async function loadLists() {
  const all = model.filters.cleared;
  const [alarms, incidents] = await Promise.all([
    allPages(all ? '/v1/alarms?limit=2000' : '/v1/alarms?visible=true', 'alarms'),
    allPages(all ? '/v1/incidents?limit=500' : '/v1/incidents?status=open', 'incidents'),
  ]);
  for (const a of alarms) upsertAlarm(model, a);
  for (const i of incidents) upsertIncident(model, i);
  // after a reload the feed starts with what happened, in time order (not empty)
  if (!$('#activity').children.length) {
    for (const a of alarms.slice(0, 30))
      logActivity(`${a.severity} ${a.type}: ${a.resource}`, a.lastChangedAt);
    for (const i of incidents.slice(0, 10))
      logActivity(`incident ${i.cause} ${i.olt} ${i.pon ?? ''}`, i.start);
  }
  schedule();
}

let summaryTimer;
/** The inventory's counts, live: reloaded (debounced) on every event and every 5 s. */
function refreshInventory(delay = 150) {
  clearTimeout(summaryTimer);
  summaryTimer = setTimeout(() => void loadInventory().catch(onFatal), delay);
}
async function loadInventory() {
  const [summary, olts] = await Promise.all([api('GET', '/v1/monitoring/summary'), api('GET', '/v1/olts')]);
  inv.summary = summary.olts;
  inv.olts = new Map(listOf(olts, 'olts').map((o) => [o.id ?? o.name, o]));
  for (const key of ui.ponOpen) void loadPonOnts(...key.split('|'));
  if (page.view === 'ont' && page.ont) void loadOnt();
  schedule();
}
let unconfAt = 0;
/** Unconfigured ONUs are read from the OLTs themselves: at most once a minute for the counts. */
async function loadUnconfigured(force = false) {
  if (!force && Date.now() - unconfAt < 60_000) return;
  unconfAt = Date.now();
  const body = await api('GET', '/v1/onts/unconfigured');
  const m = new Map();
  for (const o of body.onus ?? []) m.set(`${o.olt}|${o.pon}`, (m.get(`${o.olt}|${o.pon}`) ?? 0) + 1);
  inv.unconfigured = m;
  schedule();
}
async function loadPonOnts(olt, pon) {
  const rows = await allPages(
    `/v1/onts?olt=${encodeURIComponent(olt)}&pon=${encodeURIComponent(pon)}&limit=1000`,
    'onts',
  );
  inv.onts.set(`${olt}|${pon}`, rows);
  schedule();
}

async function bulk(action, alarms, button) {
  if (!alarms.length) return;
  if (button) button.disabled = true;
  const text = $('#bulk-note').value.trim() || undefined;
  const path = (a) => `/v1/alarms/${encodeURIComponent(a.id)}/${action}`;
  const results = await Promise.allSettled(alarms.map((a) => api('POST', path(a), text ? { text } : {})));
  let failed = 0;
  for (const r of results) {
    if (r.status === 'fulfilled') upsertAlarm(model, r.value.alarm ?? r.value);
    else failed++;
  }
  logActivity(
    `${action === 'ack' ? 'acknowledged' : 'shelved'} ${alarms.length - failed} alarm(s)${failed ? `, ${failed} failed` : ''}`,
  );
  ui.selected.clear();
  $('#bulk-note').value = '';
  if (button) button.disabled = false;
  schedule();
}

// ---- the ONT page -------------------------------------------------------------------------------

async function loadOnt() {
  const o = page.ont;
  const mine = ++seq;
  const now = Date.now() + model.clockOffsetMs;
  const from = new Date(now - RANGES[page.range]).toISOString();
  try {
    const d = await api(
      'GET',
      `/v1/onts/${encodeURIComponent(o.olt)}/${encodeURIComponent(o.pon.replace(/\//g, '-'))}/${o.onuId}?from=${from}&limit=20000`,
    );
    if (mine !== seq) return;
    page.detail = d;
  } catch (e) {
    if (mine !== seq) return;
    page.detail = { error: e.message };
  }
  renderOntPage(page.detail, o, { range: page.range, now });
}

function route() {
  const r = parseHash(location.hash);
  page.view = r.view;
  $('#search-results').hidden = true;
  $('#overview').hidden = r.view !== 'overview';
  $('#ont-page').hidden = r.view !== 'ont';
  $('#queues').hidden = r.view !== 'queues';
  for (const a of document.querySelectorAll('nav.tabs a'))
    a.classList.toggle('on', a.dataset.view === r.view);
  if (r.view === 'ont') {
    page.ont = r.ont;
    page.detail = undefined;
    renderOntPage(undefined, r.ont, { range: page.range, now: Date.now() });
    void loadOnt();
  }
  if (r.view === 'queues') void loadQueues(api, allPages).then(renderQueues, onFatal);
}

// ---- the live stream ----------------------------------------------------------------------------

const INCIDENT_VERB = { opened: 'opened', updated: 'updated', resolved: 'resolved' };

function connect() {
  clearTimeout(retry);
  stream?.close();
  stream = connectEvents(
    {
      hello(m) {
        // follow the controller's clock only when it really differs (PONCTL_CLOCK)
        const offset = Date.parse(m.now) - Date.now();
        model.clockOffsetMs = Math.abs(offset) > 5000 ? offset : 0;
        if (m.role !== 'operator') {
          stream.close();
          setConnection('offline');
          askKey("This dashboard needs an operator key (network owner); this is a service provider's key.");
          return;
        }
        loadLists().catch(onFatal);
        loadInventory().catch(onFatal);
        loadUnconfigured(true).catch(() => undefined);
      },
      alarm(e) {
        const prev = model.alarms.get(e.alarm.id);
        upsertAlarm(model, e.alarm);
        if (e.action !== 'changed')
          logActivity(
            `${e.alarm.severity} ${e.alarm.type} ${e.action}: ${e.alarm.resource}`,
            e.alarm.lastChangedAt,
          );
        if (e.action === 'raised' && e.alarm.severity === 'critical' && !prev && $('#sound').checked) beep();
        refreshInventory();
        schedule();
      },
      incident(e) {
        upsertIncident(model, e.incident);
        const i = e.incident;
        logActivity(
          `incident ${INCIDENT_VERB[e.action] ?? e.action}: ${i.cause} ${i.olt}${i.pon ? ` ${i.pon}` : ''} (${i.affected.length} ONTs)`,
          e.action === 'resolved' ? i.end : i.start,
        );
        refreshInventory();
        schedule();
      },
      ont(e) {
        refreshInventory();
        const o = page.ont;
        if (page.view === 'ont' && o && e.olt === o.olt && e.pon === o.pon && e.onuId === o.onuId)
          void loadOnt();
      },
      order(e) {
        logActivity(`order ${e.order.id} ${e.from ?? ''} → ${e.to} (${e.order.sp})`, e.at);
      },
      resync() {
        model.alarms.clear();
        model.incidents.clear();
        loadLists().catch(onFatal);
      },
    },
    (state) => {
      setConnection(state);
      if (state !== 'offline') return;
      clearTimeout(retry);
      retry = setTimeout(
        () =>
          api('GET', '/v1/incidents?limit=1').then(connect, (e) =>
            e instanceof ApiError && e.status === 401 ? onFatal(e) : connect(),
          ),
        3000,
      );
    },
  );
}

function onFatal(e) {
  if (e instanceof ApiError && e.status === 401) {
    stream?.close();
    setConnection('offline');
    askKey('This key was not accepted.');
    return;
  }
  logActivity(`error: ${e.message}`);
  clearTimeout(retry);
  retry = setTimeout(() => loadLists().catch(onFatal), 5000);
}

function askKey(error = '') {
  const dlg = $('#login');
  $('#login-error').textContent = error;
  if (!dlg.open) dlg.showModal();
  $('#login-key').focus();
}

function start() {
  rememberKey(storedKey()); // refresh the stream cookie (a session cookie)
  connect();
  route();
}

// ---- controls -----------------------------------------------------------------------------------

function syncFilterForm() {
  const f = $('#filters');
  for (const [k, v] of Object.entries(model.filters)) {
    const input = f.elements[k];
    if (!input) continue;
    if (input.type === 'checkbox') input.checked = !!v;
    else input.value = v;
  }
}
$('#filters').addEventListener('change', (e) => {
  const t = e.target;
  model.filters[t.name] = t.type === 'checkbox' ? t.checked : t.value;
  localStorage.setItem(FILTERS, JSON.stringify(model.filters));
  if (t.name === 'cleared' && t.checked) loadLists().catch(onFatal);
  schedule();
});
$('#bulk-ack').addEventListener(
  'click',
  (e) =>
    void bulk(
      'ack',
      selectedAlarms(model, ui).filter((a) => a.operatorState === 'none'),
      e.currentTarget,
    ),
);
$('#bulk-shelve').addEventListener(
  'click',
  (e) => void bulk('shelve', selectedAlarms(model, ui), e.currentTarget),
);
$('#bulk-clear').addEventListener('click', () => {
  ui.selected.clear();
  schedule();
});
$('#alarms-more').addEventListener('click', () => {
  ui.shownRows += PAGE_ROWS;
  schedule();
});
for (const b of document.querySelectorAll('#ont-range button'))
  b.addEventListener('click', () => {
    page.range = b.dataset.range;
    void loadOnt();
  });
$('#login-form').addEventListener('submit', (e) => {
  const key = $('#login-key').value.trim();
  if (!key) {
    e.preventDefault();
    return;
  }
  rememberKey(key);
  $('#login-key').value = '';
  start();
});
$('#logout').addEventListener('click', () => {
  stream?.close();
  setConnection('offline');
  forgetKey();
  model.alarms.clear();
  model.incidents.clear();
  schedule();
  askKey();
});
$('#sound').checked = localStorage.getItem('ponctl.noc.sound') === '1';
$('#sound').addEventListener('change', (e) =>
  localStorage.setItem('ponctl.noc.sound', e.target.checked ? '1' : '0'),
);
window.addEventListener('hashchange', route);
initSearch(api, (o) => (location.hash = ontHash(o)));
setInterval(() => tickDurations(model), 500); // twice a second: seconds never skip
setInterval(() => {
  if (!storedKey()) return;
  refreshInventory(0);
  loadUnconfigured().catch(() => undefined);
}, 5000);

syncFilterForm();
schedule();
if (storedKey()) start();
else askKey();
document.body.append(h('span', { hidden: true, id: 'ready' }));
