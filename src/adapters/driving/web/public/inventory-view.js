// The network, not only its alarms (issue 15 item 2): every OLT with reachability, model, firmware
// and drift, and per PON the ONTs online / offline / low optical / unknown / unconfigured — counts
// from GET /v1/monitoring/summary (live: reloaded on events and every few seconds), unconfigured
// ONUs from GET /v1/onts/unconfigured. OLT → PON → ONT: a PON row opens its ONTs (GET /v1/onts).
import { $, h, ontHash, when } from './dom.js';

const natural = (a, b) => a.localeCompare(b, 'en', { numeric: true });

/** A count cell: coloured only when it is not zero (a zero is not an alarm). */
const count = (n, cls) => h('td', { class: `num ${n ? cls : 'zero'}`, dataset: { count: cls } }, n);

function reach(s) {
  if (s.reachable === null || s.reachable === undefined) return h('span', { class: 'chip' }, 'not polled');
  return s.reachable
    ? h('span', { class: 'chip ok' }, 'reachable')
    : h('span', { class: 'chip sev-critical' }, s.ssh ? 'SNMP silent' : 'unreachable');
}

/** inv: { summary: OltSummary[], olts: Map name→OLT view, unconfigured: Map `olt|pon`→n, onts: Map `olt|pon`→rows } */
export function renderInventory(inv, ui) {
  const rows = [];
  const olts = [...inv.summary].sort((a, b) => natural(a.olt, b.olt));
  for (const s of olts) {
    const o = inv.olts.get(s.olt);
    const open = ui.invOpen.has(s.olt);
    const unconf = s.pons.reduce((n, p) => n + (inv.unconfigured.get(`${s.olt}|${p.pon}`) ?? 0), 0);
    const facts = [o?.profile, o?.model, o?.firmware && `fw ${o.firmware}`].filter(Boolean).join(' · ');
    rows.push(
      h(
        'tr',
        {
          class: `olt${s.reachable === false ? ' unreachable' : ''}`,
          dataset: { olt: s.olt, reachable: String(s.reachable) },
          onclick: () => ui.toggleOlt(s.olt),
          'aria-expanded': open ? 'true' : 'false',
        },
        h(
          'td',
          { class: 'name' },
          h('b', {}, `${open ? '▾' : '▸'} ${s.olt}`),
          ' ',
          reach(s),
          o?.needsReconciliation
            ? h('span', { class: 'chip sev-major', title: o.reconciliationReason ?? '' }, 'drift')
            : null,
          h('div', { class: 'op' }, facts || '—', s.lastPollAt ? ` · polled ${when(s.lastPollAt)}` : ''),
        ),
        count(s.online, 'ok'),
        count(s.down, 'sev-critical'),
        count(s.lowOptical, 'sev-minor'),
        count(s.unknown, 'unknown'),
        count(unconf, 'sev-warning'),
        count(s.openAlarms, 'sev-major'),
      ),
    );
    if (!open) continue;
    for (const p of s.pons) {
      const key = `${s.olt}|${p.pon}`;
      const pOpen = ui.ponOpen.has(key);
      rows.push(
        h(
          'tr',
          {
            class: 'pon',
            dataset: { olt: s.olt, pon: p.pon },
            onclick: () => ui.togglePon(s.olt, p.pon),
            'aria-expanded': pOpen ? 'true' : 'false',
          },
          h(
            'td',
            { class: 'name' },
            `\u2003${pOpen ? '▾' : '▸'} PON ${p.pon}`,
            h('span', { class: 'op' }, ` ${p.onts} ONTs`),
          ),
          count(p.online, 'ok'),
          count(p.down, 'sev-critical'),
          count(p.lowOptical, 'sev-minor'),
          count(p.unknown, 'unknown'),
          count(inv.unconfigured.get(key) ?? 0, 'sev-warning'),
          count(p.openAlarms, 'sev-major'),
        ),
      );
      if (pOpen) rows.push(...ontRows(inv.onts.get(key)));
    }
  }
  $('#inventory tbody').replaceChildren(...rows);
  $('#inventory-empty').hidden = rows.length > 0;
}

function ontRows(list) {
  if (!list) return [h('tr', { class: 'ont' }, h('td', { colspan: 7, class: 'op' }, 'loading…'))];
  return list.map((o) =>
    h(
      'tr',
      {
        class: `ont${o.stale ? ' stale' : ''}`,
        dataset: { olt: o.olt, pon: o.pon, onuId: o.onuId, state: o.state },
      },
      h(
        'td',
        { colspan: 7 },
        h(
          'a',
          { href: ontHash(o), class: 'ontlink' },
          `\u2003\u2003${o.onuId}`,
          ' ',
          h('span', { class: `state state-${o.state}` }, o.state),
          o.stale && o.lastSeenAt
            ? h('span', { class: 'op stale' }, ` last seen ${when(o.lastSeenAt)}`)
            : null,
          ' ',
          h('span', { class: 'op' }, [o.adapterId, o.serial, o.address].filter(Boolean).join(' · ')),
        ),
      ),
    ),
  );
}
