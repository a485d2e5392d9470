/* global document, getComputedStyle -- browser module (eslint runs with Node globals) */
// An ONT's optical history with uPlot (bundled locally: served from the npm package by plugin.ts as
// /noc/vendor/uPlot.esm.js, no CDN): RX and, where OMCI reads it, TX level in dBm, the device
// profile's warning and critical RX thresholds as dashed lines, a legend, Europe/Zagreb time.
// The controller stores a sample when the level moves (at most once a minute otherwise), so a level
// holds until the next sample: stepped lines. A null (no light) breaks the line; the last level holds
// until now — or, when the ONT's OLT cannot be read, only until it was last seen (issue 15 item 1:
// the line stops there instead of running on to "now").
import uPlot from './vendor/uPlot.esm.js';
import { TIME_ZONE, clockTime, when } from './dom.js';

const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/**
 * Samples (oldest first) → uPlot's columns: t (s), rx, tx, warning, critical. The thresholds span
 * [from, now]; the last level holds until `end` (now, or a stale ONT's last-seen instant), then stops.
 */
export function chartData(samples, thresholds, { from, end, now }) {
  const pts = samples
    .filter((s) => s.at)
    .map((s) => ({ t: Date.parse(s.at) / 1000, rx: s.rxDbm ?? null, tx: s.txDbm ?? null }))
    .filter((p) => p.t >= from / 1000 && p.t <= now / 1000);
  const last = pts[pts.length - 1];
  if (last && end / 1000 > last.t) pts.push({ t: end / 1000, rx: last.rx, tx: last.tx });
  if (!pts.length || pts[0].t > from / 1000) pts.unshift({ t: from / 1000, rx: null, tx: null });
  if (pts[pts.length - 1].t < now / 1000) pts.push({ t: now / 1000, rx: null, tx: null });
  return [
    pts.map((p) => p.t),
    pts.map((p) => p.rx),
    pts.map((p) => p.tx),
    pts.map(() => thresholds?.rxWarningDbm ?? null),
    pts.map(() => thresholds?.rxCriticalDbm ?? null),
  ];
}

/**
 * @param el container; @param o { samples, thresholds, from (ms), now (ms), until (ms: line end), width }
 * Returns the uPlot instance (destroy() it before drawing another).
 */
export function opticalChart(el, o) {
  const data = chartData(o.samples, o.thresholds, { from: o.from, end: o.until ?? o.now, now: o.now });
  const hasTx = data[2].some((v) => v !== null);
  const stepped = uPlot.paths.stepped({ align: 1 });
  const dbmValue = (_u, v) => (v === null || v === undefined ? '—' : `${v.toFixed(2)} dBm`);
  // tick labels are Zagreb wall-clock times (dom.js), recorded on the element: what is drawn is what is said
  const short = o.now - o.from <= 86_400_000;
  const xValues = (_u, splits) => {
    const out = splits.map((s) => (short ? clockTime(s * 1000).slice(0, 5) : when(s * 1000, 0).slice(0, 12)));
    el.dataset.xticks = out.join(' ');
    return out;
  };
  const opts = {
    width: o.width ?? 640,
    height: o.height ?? 260,
    legend: { live: false },
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), TIME_ZONE),
    scales: { x: { time: true, range: () => [o.from / 1000, o.now / 1000] } },
    axes: [
      {
        label: `time (${TIME_ZONE})`,
        values: xValues,
        stroke: css('--dim'),
        grid: { stroke: css('--line') },
        font: '15px system-ui',
        labelFont: '15px system-ui',
      },
      {
        label: 'level (dBm)',
        stroke: css('--dim'),
        grid: { stroke: css('--line') },
        size: 70,
        font: '15px system-ui',
        labelFont: '15px system-ui',
      },
    ],
    series: [
      { label: `time (${TIME_ZONE})` },
      { label: 'RX', stroke: css('--ok'), width: 2, paths: stepped, spanGaps: false, value: dbmValue },
      {
        label: 'TX',
        stroke: css('--warning'),
        width: 2,
        paths: stepped,
        spanGaps: false,
        value: dbmValue,
        show: hasTx,
      },
      {
        label: `RX warning ${o.thresholds?.rxWarningDbm ?? ''} dBm`,
        stroke: css('--minor'),
        dash: [8, 6],
        width: 1.5,
        points: { show: false },
        value: dbmValue,
      },
      {
        label: `RX critical ${o.thresholds?.rxCriticalDbm ?? ''} dBm`,
        stroke: css('--critical'),
        dash: [8, 6],
        width: 1.5,
        points: { show: false },
        value: dbmValue,
      },
    ],
  };
  return new uPlot(opts, data, el);
}
