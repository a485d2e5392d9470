// What the dashboard knows and shows: alarms and incidents by id, the filters, and the derived
// views (filtered, sorted lists; counts per OLT and PON). Pure functions, no DOM: the same module
// runs in the browser and in the unit test.

export const SEVERITY_RANK = { indeterminate: 0, warning: 1, minor: 2, major: 3, critical: 4 };
export const OPERATOR_STATE_TEXT = { none: 'new', ack: 'acked', closed: 'closed', shelved: 'shelved' };

export function createModel() {
  return {
    alarms: new Map(),
    incidents: new Map(),
    filters: { severity: '', olt: '', cause: '', type: '', cleared: false },
    /** server time − browser time (ms): the controller's clock may be injected (PONCTL_CLOCK). */
    clockOffsetMs: 0,
  };
}

/** Newer wins: a list load that answers after a live event must not undo it. */
const alarmStamp = (a) => (a.operatorAt && a.operatorAt > a.lastChangedAt ? a.operatorAt : a.lastChangedAt);

export function upsertAlarm(model, alarm) {
  const prev = model.alarms.get(alarm.id);
  // an operator action (ack, shelve) keeps lastChangedAt and sets operatorAt: compare the later of the two
  if (!prev || alarmStamp(alarm) >= alarmStamp(prev)) model.alarms.set(alarm.id, alarm);
}

export function upsertIncident(model, incident) {
  const prev = model.incidents.get(incident.id);
  if (prev?.status === 'resolved' && incident.status !== 'resolved') return; // a late update must not reopen it
  model.incidents.set(incident.id, incident);
}

export function alarmPasses(a, f) {
  if (!f.cleared && a.isCleared) return false;
  if (a.operatorState === 'shelved' && !f.cleared) return false;
  if (f.severity && (SEVERITY_RANK[a.severity] ?? 0) < SEVERITY_RANK[f.severity]) return false;
  if (f.olt && a.olt !== f.olt) return false;
  if (f.type && a.type !== f.type) return false;
  return true;
}

export function incidentPasses(i, f) {
  if (!f.cleared && i.status !== 'open') return false;
  if (f.olt && i.olt !== f.olt) return false;
  if (f.cause && i.cause !== f.cause) return false;
  return true;
}

/** Alarms to show: raised first, then by severity, newest first. */
export function visibleAlarms(model) {
  return [...model.alarms.values()]
    .filter((a) => alarmPasses(a, model.filters))
    .sort(
      (a, b) =>
        Number(a.isCleared) - Number(b.isCleared) ||
        (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0) ||
        b.raisedAt.localeCompare(a.raisedAt),
    );
}

/** Incidents to show: open first, most ONTs affected first, newest first. */
export function visibleIncidents(model) {
  return [...model.incidents.values()]
    .filter((i) => incidentPasses(i, model.filters))
    .sort(
      (a, b) =>
        Number(a.status !== 'open') - Number(b.status !== 'open') ||
        b.affected.length - a.affected.length ||
        b.start.localeCompare(a.start),
    );
}

const natural = (a, b) => a.localeCompare(b, 'en', { numeric: true });

/**
 * Counts per OLT and per PON of raised (not cleared) alarms by severity and of open incidents —
 * unfiltered, so the overview always shows the whole network.
 */
export function countsByPlace(model) {
  const rows = new Map();
  const row = (olt, pon) => {
    const k = pon ? `${olt}|${pon}` : olt;
    let r = rows.get(k);
    if (!r) {
      r = { olt, pon, incidents: 0, critical: 0, major: 0, minor: 0, warning: 0 };
      rows.set(k, r);
    }
    return r;
  };
  for (const a of model.alarms.values()) {
    if (a.isCleared) continue;
    for (const r of [row(a.olt), ...(a.pon ? [row(a.olt, a.pon)] : [])]) if (a.severity in r) r[a.severity]++;
  }
  for (const i of model.incidents.values()) {
    if (i.status !== 'open') continue;
    row(i.olt).incidents++;
    if (i.pon) row(i.olt, i.pon).incidents++;
  }
  return [...rows.values()].sort((a, b) => natural(a.olt, b.olt) || natural(a.pon ?? '', b.pon ?? ''));
}

/** Totals for the header: open incidents and raised alarms per severity. */
export function totals(model) {
  const t = { incidents: 0, critical: 0, major: 0, minor: 0, warning: 0 };
  for (const i of model.incidents.values()) if (i.status === 'open') t.incidents++;
  for (const a of model.alarms.values()) if (!a.isCleared && a.severity in t) t[a.severity]++;
  return t;
}

/** Values for the filter drop-downs: what the data holds. */
export function filterChoices(model) {
  const olts = new Set();
  const causes = new Set();
  const types = new Set();
  for (const a of model.alarms.values()) {
    olts.add(a.olt);
    types.add(a.type);
  }
  for (const i of model.incidents.values()) {
    olts.add(i.olt);
    causes.add(i.cause);
  }
  return { olt: [...olts].sort(natural), cause: [...causes].sort(), type: [...types].sort() };
}

/** Compact for a wall screen: `3:07` (min:s) under an hour, `2 h 05` under a day, `3 d 4 h` above. */
export function formatDuration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')}`;
  return `${m}:${String(sec).padStart(2, '0')}`;
}

/** The ONT an alarm or affected entry points at, if any (for the ONT detail view). */
export function ontOf(x) {
  return x && x.olt && x.pon && Number.isInteger(x.onuId)
    ? { olt: x.olt, pon: x.pon, onuId: x.onuId }
    : undefined;
}

/** Alarm types an outage raises: folded under the incident that explains them (issue 15 item 5). */
const OUTAGE_TYPES = new Set(['ont-los', 'ont-dying-gasp', 'ont-offline', 'pon-los', 'olt-unreachable']);

/** The alarms an incident explains: its ONTs' outage alarms, its PON's LOS, its OLT's unreachability. */
export function incidentChildren(model, i) {
  const onts = new Set(i.affected.map((a) => `${a.pon}|${a.onuId}`));
  const out = [];
  for (const a of model.alarms.values()) {
    if (a.olt !== i.olt || !OUTAGE_TYPES.has(a.type)) continue;
    if (
      (a.type === 'olt-unreachable' && i.cause === 'olt-down') ||
      (a.type === 'pon-los' && a.pon === i.pon) ||
      (a.pon && Number.isInteger(a.onuId) && onts.has(`${a.pon}|${a.onuId}`))
    )
      out.push(a);
  }
  return out.sort((a, b) => natural(a.resource, b.resource));
}

/**
 * The alarm table's top-level rows: one per incident (its alarms folded under it), then every alarm
 * no shown incident explains. Filters apply to both; nothing is capped here (the view pages).
 */
export function foldedRows(model) {
  const rows = [];
  const claimed = new Set();
  for (const i of visibleIncidents(model)) {
    const children = incidentChildren(model, i);
    for (const a of children) claimed.add(a.id);
    rows.push({
      kind: 'incident',
      id: `i:${i.id}`,
      incident: i,
      children: children.filter((a) => alarmPasses(a, { ...model.filters, severity: '', type: '' })),
    });
  }
  for (const a of visibleAlarms(model))
    if (!claimed.has(a.id)) rows.push({ kind: 'alarm', id: `a:${a.id}`, alarm: a });
  return rows;
}

/** Alarms an operator can still acknowledge: raised and not yet acted on (cleared ones need none). */
export const ackable = (a) => !a.isCleared && a.operatorState === 'none';

/** The alarms behind a top-level row (an incident's children, or the alarm itself). */
export const alarmsOfRow = (r) => (r.kind === 'incident' ? r.children : [r.alarm]);

/** Highest severity among raised alarms, or undefined. */
export function worstSeverity(alarms) {
  let best;
  for (const a of alarms)
    if (!a.isCleared && (best === undefined || SEVERITY_RANK[a.severity] > SEVERITY_RANK[best]))
      best = a.severity;
  return best;
}
