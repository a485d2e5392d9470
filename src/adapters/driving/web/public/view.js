/* global document -- browser module (eslint runs with Node globals) */
// The header and the activity feed: totals (severity colour only on a non-zero count, issue 15
// item 5), the live-stream state, the Zagreb clock, ticking incident durations, the tab title.
import { $, h, when, clockTime } from './dom.js';
import { formatDuration, totals } from './model.js';

const SHORT = { critical: 'crit', major: 'major', minor: 'minor', warning: 'warn' };

export function renderTotals(model) {
  const t = totals(model);
  $('#totals').replaceChildren(
    h(
      'span',
      {
        class: `chip ${t.incidents ? 'sev-critical' : 'zero'}`,
        title: 'open incidents',
        dataset: { severity: 'incidents' },
      },
      `${t.incidents} incident${t.incidents === 1 ? '' : 's'}`,
    ),
    ...Object.entries(SHORT).map(([s, label]) =>
      h(
        'span',
        {
          class: `chip ${t[s] ? `sev-${s}` : 'zero'}`,
          title: `raised ${s} alarms`,
          dataset: { severity: s },
        },
        `${t[s]} ${label}`,
      ),
    ),
  );
  // the tab says it too: a NOC screen is often one tab among many
  document.title = `${t.critical ? `(${t.critical} crit) ` : ''}ponctl NOC`;
}

/** Updates the ticking durations in place (twice a second, no re-render). */
export function tickDurations(model) {
  const now = Date.now() + model.clockOffsetMs;
  for (const td of document.querySelectorAll('.dur[data-start]')) {
    const end = td.dataset.end ? Date.parse(td.dataset.end) : now;
    td.textContent = formatDuration(end - Date.parse(td.dataset.start));
  }
  $('#clock').textContent = clockTime(now);
}

/**
 * The activity feed, newest first, kept in time order whatever order entries arrive in (a reload
 * seeds it from the lists, live events then slot in by their own time).
 */
export function logActivity(text, at) {
  const list = $('#activity');
  const iso = at ?? new Date().toISOString();
  const li = h('li', { dataset: { at: iso } }, h('time', {}, when(iso)), text);
  const after = [...list.children].find((c) => (c.dataset.at ?? '') < iso);
  list.insertBefore(li, after ?? null);
  while (list.children.length > 60) list.lastElementChild.remove();
}

export function setConnection(state) {
  const c = $('#conn');
  c.dataset.state = state;
  c.querySelector('b').textContent =
    state === 'live' ? 'live' : state === 'connecting' ? 'connecting…' : 'offline';
}
