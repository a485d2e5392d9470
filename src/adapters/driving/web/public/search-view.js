/* global document, setTimeout, clearTimeout -- browser module (eslint runs with Node globals) */
// One search box (issue 15 item 3): serial, AdapterID, address, SP or OLT/PON/ONU position, searched
// by the controller (GET /v1/onts?q=, paginated); one hit opens its ONT page at once, several are
// listed (with what matched) to pick from, a page at a time.
import { $, h, ontLabel } from './dom.js';

export function initSearch(api, open) {
  const form = $('#search');
  const input = $('#search-q');
  const list = $('#search-results');
  let timer;
  let seq = 0;
  const hide = () => {
    list.hidden = true;
  };

  async function run(q, go, cursor = '') {
    const mine = ++seq;
    const body = await api(
      'GET',
      `/v1/onts?q=${encodeURIComponent(q)}&limit=20${cursor ? `&cursor=${cursor}` : ''}`,
    );
    if (mine !== seq) return;
    const hits = body.onts ?? [];
    if (go && hits.length === 1 && !cursor) {
      hide();
      input.blur();
      return open(hits[0]);
    }
    const items = hits.map((o) =>
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'ghost hit',
            dataset: { olt: o.olt, pon: o.pon, onuId: o.onuId, matched: o.matched ?? '' },
            onclick: () => {
              hide();
              open(o);
            },
          },
          h('b', {}, ontLabel(o)),
          ` ${o.state}`,
          h(
            'span',
            { class: 'op' },
            ` ${o.matched ?? ''}: ${[o.adapterId, o.serial, o.address].filter(Boolean).join(' · ')}`,
          ),
        ),
      ),
    );
    if (!hits.length) items.push(h('li', { class: 'op' }, 'no ONT matches'));
    if (body.next)
      items.push(
        h(
          'li',
          {},
          h(
            'button',
            { type: 'button', class: 'ghost', onclick: () => void run(q, false, body.next) },
            'next 20 →',
          ),
        ),
      );
    list.replaceChildren(...items);
    list.hidden = false;
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = input.value.trim();
    if (q) run(q, true).catch((err) => list.replaceChildren(h('li', { class: 'error' }, err.message)));
  });
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 3) return hide();
    timer = setTimeout(() => run(q, false).catch(hide), 250);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') hide();
  });
  document.addEventListener('click', (e) => {
    if (!form.contains(e.target)) hide();
  });
}
