/* global document, Node -- browser module (eslint runs with Node globals) */
// DOM rendering of the model (model.js). Text goes in through textContent only: alarm texts and
// resource names come from devices and must never be parsed as HTML.
import {
  OPERATOR_STATE_TEXT,
  countsByPlace,
  filterChoices,
  formatDuration,
  totals,
  visibleAlarms,
  visibleIncidents,
} from './model.js';
import { opticalChart } from './chart.js';

export function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat())
    if (c !== undefined && c !== null && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

const $ = (sel) => document.querySelector(sel);
/** Local wall-clock time of an ISO instant, with the date when it is not today. */
export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const time = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return d.toDateString() === new Date().toDateString()
    ? time
    : `${d.toLocaleDateString('en-GB', { day: '2-digit', month: 'short' })} ${time}`;
}
const SHORT = { critical: 'crit', major: 'major', minor: 'minor', warning: 'warn' };
const place = (x) => (x.pon ? `${x.olt} ${x.pon}` : x.olt);
const ontLabel = (o) => `${o.olt} ${o.pon}:${o.onuId}`;

/** Re-renders every list from the model. `ui` holds callbacks and the selection. */
export function render(model, ui) {
  renderTotals(model);
  renderChoices(model);
  renderIncidents(model, ui);
  renderAlarms(model, ui);
  renderCounts(model, ui);
  tickDurations(model);
}

function renderTotals(model) {
  const t = totals(model);
  $('#totals').replaceChildren(
    h(
      'span',
      { class: 'chip sev-critical', title: 'open incidents' },
      `${t.incidents} incident${t.incidents === 1 ? '' : 's'}`,
    ),
    ...Object.entries(SHORT).map(([s, label]) =>
      h(
        'span',
        { class: `chip sev-${s}`, title: `raised ${s} alarms`, dataset: { severity: s } },
        `${t[s]} ${label}`,
      ),
    ),
  );
}

function renderChoices(model) {
  const form = $('#filters');
  const choices = filterChoices(model);
  for (const name of ['olt', 'cause', 'type']) {
    const sel = form.elements[name];
    const want = ['', ...choices[name]];
    if (model.filters[name] && !want.includes(model.filters[name])) want.push(model.filters[name]);
    const have = [...sel.options].map((o) => o.value);
    if (have.join('\n') === want.join('\n')) continue;
    sel.replaceChildren(...want.map((v) => h('option', { value: v }, v || 'all')));
    sel.value = model.filters[name];
  }
}

function renderIncidents(model, ui) {
  const list = visibleIncidents(model);
  const rows = [];
  for (const i of list) {
    rows.push(
      h(
        'tr',
        {
          class: `${i.status}${ui.expanded.has(i.id) ? ' selected' : ''}`,
          dataset: { id: i.id, cause: i.cause, olt: i.olt, pon: i.pon ?? '', status: i.status },
          onclick: () => ui.toggleIncident(i.id),
          title: i.summary ?? '',
        },
        h('td', {}, i.cause),
        h('td', {}, place(i)),
        h('td', { class: 'num affected' }, i.affected.length),
        h('td', { class: 'when' }, when(i.start)),
        h('td', { class: 'num dur', dataset: { start: i.start, end: i.end ?? '' } }, ''),
      ),
    );
    if (ui.expanded.has(i.id)) {
      rows.push(
        h(
          'tr',
          { class: 'affected-list' },
          h(
            'td',
            { colspan: 5 },
            h(
              'div',
              { class: 'onts' },
              i.summary ? h('p', {}, i.summary) : null,
              ...i.affected.map((a) =>
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'ghost ont',
                    onclick: (e) => {
                      e.stopPropagation();
                      ui.selectOnt(a);
                    },
                  },
                  `${a.pon}:${a.onuId}${a.adapterId ? ` ${a.adapterId}` : ''}${a.recoveredAt ? ' ✓' : ''}`,
                ),
              ),
            ),
          ),
        ),
      );
    }
  }
  $('#incidents tbody').replaceChildren(...rows);
  $('#incident-count').textContent = String(list.filter((i) => i.status === 'open').length);
  $('#incidents-empty').hidden = list.length > 0;
}

function renderAlarms(model, ui) {
  const list = visibleAlarms(model);
  $('#alarms tbody').replaceChildren(
    ...list.slice(0, 300).map((a) => {
      const sev = a.isCleared ? 'cleared' : a.severity;
      const op = OPERATOR_STATE_TEXT[a.operatorState] ?? a.operatorState;
      const sel = ui.ont && a.onuId === ui.ont.onuId && a.pon === ui.ont.pon && a.olt === ui.ont.olt;
      return h(
        'tr',
        {
          class: `${a.isCleared ? 'cleared' : ''}${sel ? ' selected' : ''}`,
          dataset: {
            id: a.id,
            severity: a.severity,
            olt: a.olt,
            type: a.type,
            operatorState: a.operatorState,
          },
          onclick: () => ui.selectAlarm(a),
        },
        h('td', {}, h('span', { class: `chip sev-${sev}` }, sev)),
        h('td', { class: 'res' }, a.resource, a.adapterId ? h('div', { class: 'op' }, a.adapterId) : null),
        h('td', {}, a.type, h('div', { class: 'op' }, a.text)),
        h('td', { class: 'when' }, when(a.raisedAt)),
        h(
          'td',
          { class: `op ${a.operatorState}` },
          op,
          a.operator && a.operatorState !== 'none' ? h('div', { class: 'op' }, a.operator) : null,
        ),
        h(
          'td',
          {},
          a.operatorState === 'none'
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'ack',
                  onclick: (e) => {
                    e.stopPropagation();
                    ui.acknowledge(a, e.currentTarget);
                  },
                },
                'Ack',
              )
            : null,
        ),
      );
    }),
  );
  $('#alarm-count').textContent = String(list.filter((a) => !a.isCleared).length);
  $('#alarms-empty').hidden = list.length > 0;
}

function renderCounts(model, ui) {
  const cell = (n, cls = '') => h('td', { class: `num ${cls} ${n ? '' : 'zero'}` }, n);
  $('#counts tbody').replaceChildren(
    ...countsByPlace(model).map((r) =>
      h(
        'tr',
        {
          class: r.pon ? 'pon' : 'olt',
          dataset: { olt: r.olt, pon: r.pon ?? '' },
          onclick: () => ui.filterOlt(r.olt),
          title: `show only ${r.olt}`,
        },
        h('td', {}, r.pon ? `\u2003${r.pon}` : h('b', {}, r.olt)),
        cell(r.incidents),
        cell(r.critical),
        cell(r.major),
        cell(r.minor),
        cell(r.warning),
      ),
    ),
  );
}

/** Updates the ticking durations of incidents in place (every second, no re-render). */
export function tickDurations(model) {
  const now = Date.now() + model.clockOffsetMs;
  for (const td of document.querySelectorAll('#incidents td.dur')) {
    const end = td.dataset.end ? Date.parse(td.dataset.end) : now;
    td.textContent = formatDuration(end - Date.parse(td.dataset.start));
  }
  $('#clock').textContent = new Date(now).toLocaleTimeString('en-GB');
}

/** The ONT detail panel: facts and the optical history chart. */
export function renderOnt(detail, ont, nowMs = Date.now()) {
  const panel = $('#detail');
  panel.hidden = false;
  $('#detail-title').textContent = ontLabel(ont);
  if (!detail) {
    $('#detail-facts').replaceChildren(h('dt', {}, 'loading'), h('dd', {}, '…'));
    $('#detail-chart').replaceChildren();
    return;
  }
  if (detail.error) {
    $('#detail-facts').replaceChildren(h('dt', {}, 'error'), h('dd', {}, detail.error));
    $('#detail-chart').replaceChildren();
    return;
  }
  const rx = typeof detail.rxDbm === 'number' ? `${detail.rxDbm.toFixed(2)} dBm` : 'no light';
  const openAlarms = (detail.alarms ?? []).filter((a) => !a.isCleared);
  $('#detail-facts').replaceChildren(
    h('dt', {}, 'state'),
    h('dd', { class: `state-${detail.state}`, id: 'detail-state' }, detail.state),
    h('dt', {}, 'RX'),
    h('dd', {}, rx),
    h('dt', {}, 'AdapterID'),
    h('dd', {}, detail.adapterId ?? '—'),
    h('dt', {}, 'serial'),
    h('dd', {}, detail.serial ?? '—'),
    h('dt', {}, 'alarms'),
    h('dd', {}, openAlarms.length ? openAlarms.map((a) => a.type).join(', ') : 'none'),
  );
  $('#detail-chart').replaceChildren(opticalChart(detail.history ?? [], detail.thresholds, { now: nowMs }));
}

export function hideOnt() {
  $('#detail').hidden = true;
}

/** The activity feed: newest first, a short tail. */
export function logActivity(text, at) {
  const list = $('#activity');
  list.prepend(h('li', {}, h('time', {}, when(at ?? new Date().toISOString())), text));
  while (list.children.length > 40) list.lastElementChild.remove();
}

export function setConnection(state) {
  const c = $('#conn');
  c.dataset.state = state;
  c.querySelector('b').textContent =
    state === 'live' ? 'live' : state === 'connecting' ? 'connecting…' : 'offline';
}
