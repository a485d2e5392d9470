/* global document -- browser module (eslint runs with Node globals) */
// The ONT page (issue 15 item 4), `#/ont/<olt>/<pon>/<onu>`: who it serves (SP, AdapterID, address),
// its services with VLANs and rates, its state with the protocol it was read with (SNMP / OMCI /
// NETCONF) — `unknown` with "last seen" and stale values when its OLT cannot be read (item 1) — RX/TX
// optical history over a chosen range with thresholds, units and a legend, its open alarms, the
// incidents that touched it and its orders. Times are Europe/Zagreb, as the page header says.
import { $, TIME_ZONE, dbm, h, ontLabel, when } from './dom.js';
import { opticalChart } from './chart.js';

export const RANGES = { '1h': 3_600_000, '6h': 21_600_000, '24h': 86_400_000, '7d': 604_800_000 };
const SOURCE = { snmp: 'SNMP', omci: 'OMCI', netconf: 'NETCONF' };

let plot;

const fact = (label, value, attrs = {}) => [h('dt', {}, label), h('dd', attrs, value ?? '—')];

function table(id, head, rows, empty) {
  if (!rows.length) return h('p', { class: 'empty', id: `${id}-empty` }, empty);
  return h(
    'table',
    { id, class: 'small' },
    h('thead', {}, h('tr', {}, ...head.map((x) => h('th', {}, x)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
  );
}

/** d: the ONT view of GET /v1/onts/:olt/:pon/:onu (or { error }); o: the ONT; v: { range, now } */
export function renderOntPage(d, o, v) {
  $('#ont-title').textContent = ontLabel(o);
  for (const b of document.querySelectorAll('#ont-range button'))
    b.classList.toggle('on', b.dataset.range === v.range);
  if (!d || d.error) {
    $('#ont-facts').replaceChildren(...fact(d ? 'error' : 'loading', d ? d.error : '…'));
    for (const id of ['#ont-services', '#ont-alarms', '#ont-incidents', '#ont-orders'])
      $(id).replaceChildren();
    plot?.destroy();
    plot = undefined;
    return;
  }
  const a = d.access;
  const staleNote = d.stale
    ? h(
        'span',
        { class: 'stale', id: 'ont-stale' },
        ` last known ${d.lastKnownState}, last seen ${when(d.lastSeenAt) || 'never'}`,
      )
    : null;
  $('#ont-facts').replaceChildren(
    ...fact('state', [h('span', { id: 'ont-state', class: `state state-${d.state}` }, d.state), staleNote]),
    ...fact('read with', d.source ? (SOURCE[d.source] ?? d.source) : '—', { id: 'ont-source' }),
    ...fact('SP', a ? `${a.spName ?? a.sp} (${a.sp})` : 'no access on this port', { id: 'ont-sp' }),
    ...fact('AdapterID', a?.adapterId ?? d.adapterId, { id: 'ont-adapter' }),
    ...fact('address', a?.address, { id: 'ont-address' }),
    ...fact('serial', d.serial, { id: 'ont-serial' }),
    ...fact('access', a?.state),
    ...fact('RX', [dbm(d.rxDbm), d.stale ? h('span', { class: 'stale' }, ' (stale)') : null], {
      id: 'ont-rx',
    }),
    ...fact('last seen', when(d.lastSeenAt), { id: 'ont-seen' }),
    ...fact(
      'thresholds',
      `RX warning ${d.thresholds.rxWarningDbm} dBm · critical ${d.thresholds.rxCriticalDbm} dBm`,
    ),
  );
  $('#ont-services').replaceChildren(
    table(
      'ont-services-t',
      ['service', 'VLAN', 'down Mbit/s', 'up Mbit/s'],
      (a?.services ?? []).map((s) => [s.channel, s.vlan, s.downMbps, s.upMbps]),
      'no services',
    ),
  );
  const open = (d.alarms ?? []).filter((x) => !x.isCleared);
  $('#ont-alarms').replaceChildren(
    table(
      'ont-alarms-t',
      ['severity', 'alarm', 'raised', 'state'],
      open.map((x) => [x.severity, `${x.type}: ${x.text}`, when(x.raisedAt), x.operatorState]),
      'no open alarms',
    ),
  );
  $('#ont-incidents').replaceChildren(
    table(
      'ont-incidents-t',
      ['cause', 'start', 'end', 'status'],
      (d.incidents ?? []).map((i) => [i.cause, when(i.start), when(i.end), i.status]),
      'no incidents',
    ),
  );
  $('#ont-orders').replaceChildren(
    table(
      'ont-orders-t',
      ['order', 'category', 'state', 'received'],
      (d.orders ?? []).map((x) => [x.id, x.category, x.state, when(x.receivedAt)]),
      'no orders',
    ),
  );
  drawChart(d, v);
}

function drawChart(d, v) {
  const el = $('#ont-chart');
  plot?.destroy();
  el.replaceChildren();
  const width = Math.max(320, Math.min(1200, el.clientWidth || 640));
  plot = opticalChart(el, {
    samples: d.history ?? [],
    thresholds: d.thresholds,
    from: v.now - RANGES[v.range],
    now: v.now,
    until: d.stale && d.lastSeenAt ? Date.parse(d.lastSeenAt) : undefined,
    width,
  });
  el.dataset.zone = TIME_ZONE;
  el.dataset.points = String((d.history ?? []).length);
  // where the line ends: now, or the last-seen instant of an ONT that cannot be read (item 1)
  el.dataset.lineEnd = new Date(d.stale && d.lastSeenAt ? Date.parse(d.lastSeenAt) : v.now).toISOString();
}
