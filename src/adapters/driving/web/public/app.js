/* global localStorage, document, requestAnimationFrame, setTimeout, clearTimeout, setInterval -- browser module (eslint runs with Node globals) */
// The NOC dashboard (issue 6 §5): lists from the REST API, then live over GET /v1/events.
// Plain ES modules, no build step: edit and reload.
import { ApiError, api, connectEvents, forgetKey, listOf, rememberKey, storedKey } from './api.js';
import { createModel, ontOf, upsertAlarm, upsertIncident } from './model.js';
import { h, hideOnt, logActivity, render, renderOnt, setConnection, tickDurations } from './view.js';

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
let ontSeq = 0;
const ui = {
  expanded: new Set(),
  /** The ONT shown in the detail panel, with its loaded detail. */
  ont: undefined,
  detail: undefined,
  toggleIncident(id) {
    if (!ui.expanded.delete(id)) ui.expanded.add(id);
    schedule();
  },
  selectAlarm(a) {
    const o = ontOf(a);
    if (o) ui.selectOnt(o);
  },
  selectOnt: (o) => void showOnt(o),
  filterOlt(olt) {
    model.filters.olt = model.filters.olt === olt ? '' : olt;
    syncFilterForm();
    saveFilters();
    schedule();
  },
  acknowledge: (a, button) => void acknowledge(a, button),
};

/** Renders at most once per frame however many events arrive. */
function schedule() {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    render(model, ui);
  });
}

async function loadLists() {
  // what the NOC should see now; with "show cleared" also the cleared alarms and resolved incidents
  const all = model.filters.cleared;
  const [alarms, incidents] = await Promise.all([
    api('GET', all ? '/v1/alarms?limit=2000' : '/v1/alarms?visible=true'),
    api('GET', all ? '/v1/incidents?limit=500' : '/v1/incidents?status=open'),
  ]);
  for (const a of listOf(alarms, 'alarms')) upsertAlarm(model, a);
  for (const i of listOf(incidents, 'incidents')) upsertIncident(model, i);
  schedule();
}

async function acknowledge(a, button) {
  button.disabled = true;
  try {
    const res = await api('POST', `/v1/alarms/${encodeURIComponent(a.id)}/ack`, {});
    const alarm = res?.alarm ?? res;
    if (alarm?.id === a.id) upsertAlarm(model, alarm);
    schedule();
  } catch (e) {
    button.disabled = false;
    logActivity(`acknowledge failed: ${e.message}`);
  }
}

async function showOnt(o) {
  const seq = ++ontSeq;
  ui.ont = o;
  ui.detail = undefined;
  renderOnt(undefined, o);
  schedule();
  try {
    const d = await api(
      'GET',
      `/v1/onts/${encodeURIComponent(o.olt)}/${encodeURIComponent(o.pon)}/${o.onuId}`,
    );
    if (seq !== ontSeq) return;
    ui.detail = d;
  } catch (e) {
    if (seq !== ontSeq) return;
    ui.detail = { error: e.message };
  }
  renderOnt(ui.detail, o, Date.now() + model.clockOffsetMs);
}

function onOntEvent(e) {
  const o = ui.ont;
  if (!o || !ui.detail || ui.detail.error || e.olt !== o.olt || e.pon !== o.pon || e.onuId !== o.onuId)
    return;
  ui.detail = {
    ...ui.detail,
    state: e.to,
    rxDbm: e.rxDbm ?? null,
    history: [...(ui.detail.history ?? []), { at: e.at, rxDbm: e.rxDbm ?? null }],
  };
  renderOnt(ui.detail, o, Date.now() + model.clockOffsetMs);
}

const INCIDENT_VERB = { opened: 'opened', updated: 'updated', resolved: 'resolved' };

function connect() {
  clearTimeout(retry);
  stream?.close();
  stream = connectEvents(
    {
      hello(m) {
        // follow the controller's clock only when it really differs (PONCTL_CLOCK): one sample also
        // measures the stream's latency, which would make every duration lag behind the wall clock
        const offset = Date.parse(m.now) - Date.now();
        model.clockOffsetMs = Math.abs(offset) > 5000 ? offset : 0;
        if (m.role !== 'operator') {
          stream.close();
          setConnection('offline');
          askKey("This dashboard needs an operator key (network owner); this is a service provider's key.");
          return;
        }
        // every (re)connect reloads the lists: cheap, and nothing is missed between load and stream
        loadLists().catch(onFatal);
      },
      alarm(e) {
        upsertAlarm(model, e.alarm);
        if (e.action !== 'changed')
          logActivity(
            `${e.alarm.severity} ${e.alarm.type} ${e.action}: ${e.alarm.resource}`,
            e.alarm.lastChangedAt,
          );
        schedule();
      },
      incident(e) {
        upsertIncident(model, e.incident);
        const i = e.incident;
        logActivity(
          `incident ${INCIDENT_VERB[e.action] ?? e.action}: ${i.cause} ${i.olt}${i.pon ? ` ${i.pon}` : ''} (${i.affected.length} ONTs)`,
          e.action === 'resolved' ? i.end : i.start,
        );
        schedule();
      },
      ont: onOntEvent,
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
      // EventSource gives up on an HTTP error (bad key, server gone): check the key, then retry
      if (state !== 'offline') return;
      clearTimeout(retry);
      retry = setTimeout(
        () =>
          api('GET', '/v1/incidents').then(connect, (e) =>
            e instanceof ApiError && e.status === 401 ? onFatal(e) : connect(),
          ),
        3000,
      );
    },
  );
}

/** 401: the key is gone or wrong, ask for one; anything else: note it and load the lists again later. */
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
  const dlg = document.getElementById('login');
  document.getElementById('login-error').textContent = error;
  if (!dlg.open) dlg.showModal();
  document.getElementById('login-key').focus();
}

function start() {
  rememberKey(storedKey()); // refresh the stream cookie (it is a session cookie)
  connect();
}

function syncFilterForm() {
  const f = document.getElementById('filters');
  for (const [k, v] of Object.entries(model.filters)) {
    const input = f.elements[k];
    if (!input) continue;
    if (input.type === 'checkbox') input.checked = !!v;
    else input.value = v;
  }
}
const saveFilters = () => localStorage.setItem(FILTERS, JSON.stringify(model.filters));

document.getElementById('filters').addEventListener('change', (e) => {
  const t = e.target;
  model.filters[t.name] = t.type === 'checkbox' ? t.checked : t.value;
  saveFilters();
  if (t.name === 'cleared' && t.checked) loadLists().catch(onFatal);
  schedule();
});
document.getElementById('login-form').addEventListener('submit', (e) => {
  const key = document.getElementById('login-key').value.trim();
  if (!key) {
    e.preventDefault();
    return;
  }
  rememberKey(key);
  document.getElementById('login-key').value = '';
  start();
});
document.getElementById('logout').addEventListener('click', () => {
  stream?.close();
  setConnection('offline');
  forgetKey();
  model.alarms.clear();
  model.incidents.clear();
  schedule();
  askKey();
});
document.getElementById('detail-close').addEventListener('click', () => {
  ui.ont = undefined;
  ontSeq++;
  hideOnt();
  schedule();
});
setInterval(() => tickDurations(model), 500); // twice a second: seconds never skip

syncFilterForm();
render(model, ui);
if (storedKey()) start();
else askKey();
document.body.append(h('span', { hidden: true, id: 'ready' }));
