/* global document, Node -- browser module (eslint runs with Node globals) */
// DOM helpers shared by the views. Text goes in through textContent only: alarm texts and resource
// names come from devices and must never be parsed as HTML. Every time on the page is Europe/Zagreb
// (the network's and the spec's zone, issue 15 item 4), whatever the browser's zone; the header says so.

export const TIME_ZONE = 'Europe/Zagreb';

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

export const $ = (sel) => document.querySelector(sel);

const fmt = (o) => new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hourCycle: 'h23', ...o });
const TIME = fmt({ hour: '2-digit', minute: '2-digit', second: '2-digit' });
const DAY = fmt({ year: 'numeric', month: '2-digit', day: '2-digit' });
const DATE = fmt({ day: '2-digit', month: 'short' });

/** Zagreb wall-clock time of an instant (ISO string or ms), with the date when it is not today. */
export function when(at, now = Date.now()) {
  if (at === undefined || at === null || at === '') return '';
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return '';
  const time = TIME.format(d);
  return DAY.format(d) === DAY.format(new Date(now)) ? time : `${DATE.format(d)} ${time}`;
}

/** `HH:MM:SS` in Zagreb (the chart's axis). */
export const clockTime = (ms) => TIME.format(new Date(ms));

export const dbm = (v) => (typeof v === 'number' ? `${v.toFixed(2)} dBm` : 'no light');

/** `olt-1 1/1/2:5` */
export const ontLabel = (o) => `${o.olt} ${o.pon}:${o.onuId}`;

/** The ONT page's address in the URL: `#/ont/<olt>/<pon with dashes>/<onu>`. */
export const ontHash = (o) =>
  `#/ont/${encodeURIComponent(o.olt)}/${encodeURIComponent(o.pon.replace(/\//g, '-'))}/${o.onuId}`;

export function parseHash(hash) {
  const m = /^#\/ont\/([^/]+)\/([^/]+)\/(\d+)$/.exec(hash);
  if (m)
    return {
      view: 'ont',
      ont: {
        olt: decodeURIComponent(m[1]),
        pon: decodeURIComponent(m[2]).replace(/-/g, '/'),
        onuId: Number(m[3]),
      },
    };
  if (hash === '#/queues') return { view: 'queues' };
  return { view: 'overview' };
}
