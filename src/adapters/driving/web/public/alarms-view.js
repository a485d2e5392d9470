/* global document -- browser module (eslint runs with Node globals) */
// The alarm table with floods folded (issue 15 item 5): one row per incident, expandable to the
// alarms it explains; every other alarm a row of its own. Rows are selected for acknowledge / shelve
// in bulk with a note; a row's own Ack acknowledges it (an incident: all its unacknowledged alarms).
// Nothing is capped in silence: the first page of rows shows, "show more" the next, and the header
// says how many of how many are shown.
import { $, h, when } from './dom.js';
import { OPERATOR_STATE_TEXT, ackable, alarmsOfRow, foldedRows, worstSeverity } from './model.js';

export const PAGE_ROWS = 50;
const SHORT = {
  critical: 'crit',
  major: 'major',
  minor: 'minor',
  warning: 'warn',
  cleared: 'clear',
  indeterminate: 'indet',
};

const place = (x) => (x.pon ? `${x.olt} ${x.pon}` : x.olt);
const stop = (fn) => (e) => {
  e.stopPropagation();
  fn(e);
};

function opSummary(alarms) {
  const raised = alarms.filter((a) => !a.isCleared);
  const acked = raised.filter((a) => a.operatorState === 'ack').length;
  const shelved = raised.filter((a) => a.operatorState === 'shelved').length;
  if (raised.length === 0) return 'cleared';
  if (acked === raised.length) return 'acked';
  const parts = [`${acked}/${raised.length} acked`];
  if (shelved) parts.push(`${shelved} shelved`);
  return parts.join(', ');
}

function checkbox(ui, key, alarms) {
  return h('input', {
    type: 'checkbox',
    class: 'sel',
    'aria-label': 'select',
    checked: ui.selected.has(key),
    disabled: !alarms.some((a) => !a.isCleared),
    onclick: (e) => e.stopPropagation(),
    onchange: (e) => ui.select(key, e.target.checked),
  });
}

function ackButton(ui, alarms, label = 'Ack') {
  const open = alarms.filter(ackable);
  if (open.length === 0) return null;
  return h(
    'button',
    { type: 'button', class: 'ack', onclick: stop((e) => ui.ack(open, e.currentTarget)) },
    label,
  );
}

function incidentRow(r, ui) {
  const i = r.incident;
  const sev = worstSeverity(r.children) ?? (i.status === 'open' ? 'critical' : 'cleared');
  const open = ui.expanded.has(r.id);
  return h(
    'tr',
    {
      class: `incident ${i.status}${open ? ' expanded' : ''}`,
      dataset: {
        id: i.id,
        row: r.id,
        cause: i.cause,
        olt: i.olt,
        pon: i.pon ?? '',
        status: i.status,
        children: r.children.length,
      },
      onclick: () => ui.toggle(r.id),
      title: i.summary ?? '',
      'aria-expanded': open ? 'true' : 'false',
    },
    h('td', {}, checkbox(ui, r.id, r.children)),
    h(
      'td',
      {},
      h('span', { class: `chip sev-${sev}` }, i.status === 'open' ? (SHORT[sev] ?? sev) : 'resolved'),
    ),
    h(
      'td',
      { class: 'what' },
      h('b', {}, `${open ? '▾' : '▸'} ${i.cause}`),
      h('div', { class: 'op' }, i.summary ?? ''),
    ),
    h('td', { class: 'res' }, place(i)),
    h('td', { class: 'num affected' }, i.affected.length),
    h(
      'td',
      { class: 'when' },
      when(i.start),
      h('div', { class: 'dur', dataset: { start: i.start, end: i.end ?? '' } }),
    ),
    h('td', { class: 'op' }, opSummary(r.children)),
    h(
      'td',
      {},
      ackButton(ui, r.children, 'Ack all'),
      r.children.some((a) => !a.isCleared && a.operatorState !== 'shelved')
        ? h(
            'button',
            {
              type: 'button',
              class: 'ghost shelve',
              title: 'shelve its alarms for one hour (with the note, if any)',
              onclick: stop((e) =>
                ui.shelve(
                  r.children.filter((a) => !a.isCleared),
                  e.currentTarget,
                ),
              ),
            },
            'Shelve',
          )
        : null,
    ),
  );
}

function alarmRow(a, ui, key, child = false) {
  const sev = a.isCleared ? 'cleared' : a.severity;
  const op = OPERATOR_STATE_TEXT[a.operatorState] ?? a.operatorState;
  return h(
    'tr',
    {
      class: `alarm${child ? ' child' : ''}${a.isCleared ? ' cleared' : ''}`,
      dataset: {
        id: a.id,
        row: key,
        severity: a.severity,
        olt: a.olt,
        type: a.type,
        operatorState: a.operatorState,
      },
      onclick: () => ui.openAlarm(a),
    },
    h('td', {}, child ? null : checkbox(ui, key, [a])),
    h('td', {}, h('span', { class: `chip sev-${sev}`, title: sev }, SHORT[sev] ?? sev)),
    h('td', { class: 'what' }, a.type, h('div', { class: 'op' }, a.text)),
    h('td', { class: 'res' }, a.resource, a.adapterId ? h('div', { class: 'op' }, a.adapterId) : null),
    h('td', { class: 'num' }, ''),
    h('td', { class: 'when' }, when(a.raisedAt)),
    h(
      'td',
      { class: `op state ${a.operatorState}` },
      op,
      a.operator && a.operatorState !== 'none'
        ? h('div', { class: 'op who' }, a.operator, a.operatorText ? ` — ${a.operatorText}` : '')
        : null,
    ),
    h('td', {}, ackButton(ui, [a])),
  );
}

export function renderAlarms(model, ui) {
  const rows = foldedRows(model);
  const shown = rows.slice(0, ui.shownRows);
  const out = [];
  for (const r of shown) {
    if (r.kind === 'alarm') {
      out.push(alarmRow(r.alarm, ui, r.id));
      continue;
    }
    out.push(incidentRow(r, ui));
    if (ui.expanded.has(r.id)) for (const a of r.children) out.push(alarmRow(a, ui, `a:${a.id}`, true));
  }
  $('#alarms tbody').replaceChildren(...out);
  const raised = [...model.alarms.values()].filter((a) => !a.isCleared).length;
  $('#alarm-count').textContent = String(raised);
  $('#alarms-empty').hidden = rows.length > 0;
  $('#alarms-shown').textContent = rows.length ? `showing ${shown.length} of ${rows.length} rows` : '';
  const more = $('#alarms-more');
  more.hidden = shown.length >= rows.length;
  more.textContent = `show ${Math.min(PAGE_ROWS, rows.length - shown.length)} more (${rows.length - shown.length} not shown)`;
  // the bulk bar: what the selection holds
  const selected = selectedAlarms(model, ui);
  $('#bulk').dataset.count = String(selected.length);
  $('#bulk-count').textContent = `${selected.length} alarm${selected.length === 1 ? '' : 's'} selected`;
  for (const b of document.querySelectorAll('#bulk button')) b.disabled = selected.length === 0;
}

/** The raised alarms behind the selected rows (an incident row stands for all its alarms). */
export function selectedAlarms(model, ui) {
  const out = new Map();
  const rows = new Map(foldedRows(model).map((r) => [r.id, r]));
  for (const key of ui.selected) {
    const r = rows.get(key);
    const list = r ? alarmsOfRow(r) : [model.alarms.get(key.slice(2))].filter(Boolean);
    for (const a of list) if (!a.isCleared) out.set(a.id, a);
  }
  return [...out.values()];
}
