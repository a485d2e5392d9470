/* global window -- browser module (eslint runs with Node globals) */
// Work queues (issue 15 item 6): unconfigured ONUs the OLTs see, each with the pending order naming
// its serial; the order queue (due today, in progress, failed with reasons); OLTs needing
// reconciliation with their drift, a dry-run diff on demand (GET /v1/olts/:id/plan, nothing changes),
// and reconcile only on an explicit, confirmed operator action (POST /v1/olts/:id/reconcile).
import { $, h, when } from './dom.js';

const zagrebToday = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Zagreb',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

let api;

function table(id, head, rows, empty) {
  if (!rows.length) return h('p', { class: 'empty', id: `${id}-empty` }, empty);
  return h(
    'table',
    { id, class: 'small' },
    h('thead', {}, h('tr', {}, ...head.map((x) => h('th', {}, x)))),
    h('tbody', {}, ...rows),
  );
}

export async function loadQueues(apiFn, allPages) {
  api = apiFn;
  const today = zagrebToday();
  const [unconf, due, scheduled, running, failed, olts] = await Promise.all([
    api('GET', '/v1/onts/unconfigured'),
    allPages('/v1/orders?status=due', 'orders'),
    allPages('/v1/orders?status=scheduled', 'orders'),
    allPages('/v1/orders?status=in-progress', 'orders'),
    allPages('/v1/orders?status=failed', 'orders'),
    api('GET', '/v1/olts'),
  ]);
  return {
    unconf,
    dueToday: [...due, ...scheduled.filter((o) => o.plannedDate && o.plannedDate <= today)],
    running,
    failed,
    olts: (olts.olts ?? []).filter((o) => o.needsReconciliation || o.drift?.drift?.length),
  };
}

export function renderQueues(q) {
  const onus = q.unconf.onus ?? [];
  $('#unconf-count').textContent = String(onus.length);
  const unreadable = (q.unconf.olts ?? []).filter((o) => !o.ok);
  $('#unconf').replaceChildren(
    table(
      'unconf-t',
      ['OLT / PON', 'serial', 'model', 'RX', 'first seen', 'pending order'],
      onus.map((o) =>
        h(
          'tr',
          { dataset: { serial: o.serial, olt: o.olt, pon: o.pon, order: o.matchedOrder?.id ?? '' } },
          h('td', {}, `${o.olt} ${o.pon}`),
          h('td', { class: 'mono' }, o.serial),
          h('td', {}, o.model ?? '—'),
          h('td', { class: 'num' }, typeof o.rxDbm === 'number' ? `${o.rxDbm.toFixed(2)} dBm` : '—'),
          h('td', { class: 'when' }, when(o.firstSeen)),
          h(
            'td',
            { class: 'match' },
            o.matchedOrder
              ? `${o.matchedOrder.id} (${o.matchedOrder.spId}, ${o.matchedOrder.state}${o.matchedOrder.fieldWorkDone ? '' : ', awaiting field work'})`
              : 'no order names this serial',
          ),
        ),
      ),
      'No unconfigured ONU seen.',
    ),
    ...unreadable.map((o) => h('p', { class: 'error' }, `${o.olt} not read: ${o.error?.message ?? 'error'}`)),
  );
  const orderRow = (o, extra = '') =>
    h(
      'tr',
      { dataset: { id: o.id, status: o.status } },
      h('td', { class: 'mono' }, o.id),
      h('td', {}, o.sp),
      h('td', {}, o.category),
      h('td', {}, o.status),
      h('td', {}, o.plannedDate ?? ''),
      h('td', { class: 'reason' }, extra),
    );
  const reason = (o) =>
    o.provisioning
      ? `${o.provisioning.lastError} (${o.provisioning.attempts}×${o.provisioning.failedBecause ? `, ${o.provisioning.failedBecause}` : ''})`
      : '';
  const head = ['order', 'SP', 'category', 'status', 'planned', 'reason'];
  $('#order-queue').replaceChildren(
    h('h3', {}, `Due today (${q.dueToday.length})`),
    table(
      'orders-due',
      head,
      q.dueToday.map((o) => orderRow(o, reason(o))),
      'Nothing due today.',
    ),
    h('h3', {}, `In progress (${q.running.length})`),
    table(
      'orders-running',
      head,
      q.running.map((o) => orderRow(o, reason(o))),
      'Nothing in progress.',
    ),
    h('h3', {}, `Failed (${q.failed.length})`),
    table(
      'orders-failed',
      head,
      q.failed.map((o) => orderRow(o, reason(o))),
      'No failed order.',
    ),
  );
  $('#recon').replaceChildren(
    table(
      'recon-t',
      ['OLT', 'why', 'drift', ''],
      q.olts
        .map((o) => {
          const diff = h('pre', { class: 'diff', hidden: true });
          return [
            h(
              'tr',
              { dataset: { olt: o.id } },
              h('td', {}, h('b', {}, o.id), h('div', { class: 'op' }, o.profile)),
              h('td', {}, o.reconciliationReason ?? ''),
              h(
                'td',
                {},
                (o.drift?.drift ?? []).join('; ') || '—',
                o.drift ? h('div', { class: 'op' }, `checked ${when(o.drift.checkedAt)}`) : null,
              ),
              h(
                'td',
                {},
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'ghost plan',
                    onclick: (e) => void showPlan(o.id, diff, e.currentTarget),
                  },
                  'Dry-run diff',
                ),
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'reconcile',
                    onclick: (e) => void reconcile(o.id, diff, e.currentTarget),
                  },
                  'Reconcile…',
                ),
              ),
            ),
            h('tr', { class: 'diff-row' }, h('td', { colspan: 4 }, diff)),
          ];
        })
        .flat(),
      'No OLT needs reconciliation.',
    ),
  );
}

async function showPlan(olt, pre, button) {
  button.disabled = true;
  try {
    const p = await api('GET', `/v1/olts/${encodeURIComponent(olt)}/plan`);
    pre.textContent = p.changes.length ? p.changes.join('\n') : 'no change needed';
  } catch (e) {
    pre.textContent = `plan failed: ${e.message}`;
  }
  pre.hidden = false;
  button.disabled = false;
}

async function reconcile(olt, pre, button) {
  // applied only by an explicit operator action, confirmed
  if (!window.confirm(`Reconcile ${olt} now? This writes to the device.`)) return;
  button.disabled = true;
  try {
    const r = await api('POST', `/v1/olts/${encodeURIComponent(olt)}/reconcile`, {});
    const changes = r.changes ?? [];
    pre.textContent = `reconciled${r.verified ? ', verified' : ''}: ${changes.length} change(s)${changes.length ? `\n${changes.join('\n')}` : ''}`;
  } catch (e) {
    pre.textContent = `reconcile failed: ${e.message}`;
  }
  pre.hidden = false;
  button.disabled = false;
}
