/* global document -- browser module (eslint runs with Node globals) */
// A small inline SVG line chart of an ONT's received optical level over time, with the warning and
// critical thresholds of its device profile as dashed lines (GPON class B+: −27 / −28 dBm).
// The controller stores a sample when the level moves (and at most once a minute otherwise), so a
// sample's level holds until the next one: the line is drawn as steps, the last step reaching `now`.
// Missing readings (null: no light) break the line instead of drawing a fake value.

const NS = 'http://www.w3.org/2000/svg';
const el = (name, attrs = {}, text) => {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
};

/**
 * @param samples [{ at: ISO, rxDbm: number|null }] oldest first
 * @param thresholds { rxWarningDbm, rxCriticalDbm }
 * @param o { now?: ms since epoch (the controller's clock), width?, height? }
 */
export function opticalChart(samples, thresholds, o = {}) {
  const W = o.width ?? 480;
  const H = o.height ?? 170;
  const pad = { l: 46, r: 10, t: 10, b: 24 };
  const svg = el('svg', {
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': 'received optical level history (dBm)',
  });
  const pts = samples
    .filter((s) => s.at)
    .map((s) => ({ t: Date.parse(s.at), v: typeof s.rxDbm === 'number' ? s.rxDbm : null }));
  if (pts.length === 0) {
    svg.append(
      el('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'lbl' }, 'no optical history yet'),
    );
    return svg;
  }
  const vals = pts.map((p) => p.v).filter((v) => v !== null);
  const thr = [thresholds?.rxWarningDbm, thresholds?.rxCriticalDbm].filter((v) => typeof v === 'number');
  let lo = Math.min(...vals, ...thr) - 1;
  let hi = Math.max(...vals, ...thr) + 1;
  if (!Number.isFinite(lo)) {
    lo = -30;
    hi = -10;
  }
  const t0 = pts[0].t;
  const t1 = Math.max(pts[pts.length - 1].t, o.now ?? 0, t0 + 1);
  const x = (t) => pad.l + ((t - t0) / (t1 - t0)) * (W - pad.l - pad.r);
  const y = (v) => pad.t + ((hi - v) / (hi - lo)) * (H - pad.t - pad.b);

  svg.append(el('line', { x1: pad.l, y1: H - pad.b, x2: W - pad.r, y2: H - pad.b, class: 'axis' }));
  svg.append(el('line', { x1: pad.l, y1: pad.t, x2: pad.l, y2: H - pad.b, class: 'axis' }));
  for (const v of [hi, (hi + lo) / 2, lo])
    svg.append(el('text', { x: pad.l - 4, y: y(v) + 4, 'text-anchor': 'end', class: 'lbl' }, v.toFixed(1)));
  const hhmm = (t) => new Date(t).toISOString().slice(11, 19);
  svg.append(el('text', { x: pad.l, y: H - 6, class: 'lbl' }, hhmm(t0)));
  svg.append(el('text', { x: W - pad.r, y: H - 6, 'text-anchor': 'end', class: 'lbl' }, hhmm(t1)));
  if (typeof thresholds?.rxWarningDbm === 'number')
    svg.append(
      el('line', {
        x1: pad.l,
        x2: W - pad.r,
        y1: y(thresholds.rxWarningDbm),
        y2: y(thresholds.rxWarningDbm),
        class: 'thr-warning',
      }),
    );
  if (typeof thresholds?.rxCriticalDbm === 'number')
    svg.append(
      el('line', {
        x1: pad.l,
        x2: W - pad.r,
        y1: y(thresholds.rxCriticalDbm),
        y2: y(thresholds.rxCriticalDbm),
        class: 'thr-critical',
      }),
    );

  // steps: each level holds until the next sample (the last until t1); a null sample lifts the pen
  let d = '';
  pts.forEach((p, i) => {
    if (p.v === null) return;
    const next = i + 1 < pts.length ? pts[i + 1].t : t1;
    d += `M${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}H${x(next).toFixed(1)}`;
    const after = pts[i + 1];
    if (after && after.v !== null) d += `V${y(after.v).toFixed(1)}`;
  });
  if (d) svg.append(el('path', { d, class: 'rx' }));
  const last = [...pts].reverse().find((p) => p.v !== null);
  if (last) svg.append(el('circle', { cx: x(last.t), cy: y(last.v), r: 3.5, class: 'dot' }));
  return svg;
}
