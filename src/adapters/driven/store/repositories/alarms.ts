/**
 * `SqlAlarmRepository`: the `AlarmRepository` port (application/ports/store/alarms.ts) in SQL, one text for both
 * dialects (db.ts: `?` placeholders, 0/1 booleans, JSON as TEXT).
 */
import { alarmKey, type Alarm, type AlarmType, type Severity } from '../../../../domain/monitoring/alarms.ts';
import {
  fromBool,
  fromJson,
  optNum,
  optStr,
  toBool,
  toJson,
  type Db,
  type SqlValue,
  keysetAfter,
} from '../db.ts';
import { type AlarmQuery, type AlarmRepository } from '../../../../application/ports/store/alarms.ts';

const toAlarm = (r: Record<string, unknown>): Alarm => ({
  id: String(r.id),
  resource: String(r.resource),
  type: r.type as AlarmType,
  qualifier: String(r.qualifier ?? ''),
  severity: r.severity as Severity,
  isCleared: fromBool(r.is_cleared),
  text: String(r.text),
  raisedAt: String(r.raised_at),
  lastChangedAt: String(r.last_changed_at),
  clearedAt: optStr(r.cleared_at),
  operatorState: r.operator_state as Alarm['operatorState'],
  operator: optStr(r.operator),
  operatorText: optStr(r.operator_text),
  operatorAt: optStr(r.operator_at),
  shelvedUntil: optStr(r.shelved_until),
  history: fromJson(r.history),
  olt: String(r.olt),
  pon: optStr(r.pon),
  onuId: optNum(r.onu_id),
  adapterId: optStr(r.adapter_id),
});

export class SqlAlarmRepository implements AlarmRepository {
  constructor(private readonly db: Db) {}

  async save(a: Alarm): Promise<void> {
    const cols: SqlValue[] = [
      a.id,
      alarmKey(a.resource, a.type, a.qualifier),
      a.resource,
      a.type,
      a.qualifier,
      a.severity,
      toBool(a.isCleared),
      a.text,
      a.raisedAt,
      a.lastChangedAt,
      a.clearedAt ?? null,
      a.operatorState,
      a.operator ?? null,
      a.operatorText ?? null,
      a.operatorAt ?? null,
      a.shelvedUntil ?? null,
      toJson(a.history),
      a.olt,
      a.pon ?? null,
      a.onuId ?? null,
      a.adapterId ?? null,
    ];
    await this.db.run(
      `INSERT INTO alarms (id, alarm_key, resource, type, qualifier, severity, is_cleared, text, raised_at, last_changed_at, cleared_at,
         operator_state, operator, operator_text, operator_at, shelved_until, history, olt, pon, onu_id, adapter_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET severity = excluded.severity, is_cleared = excluded.is_cleared, text = excluded.text,
         last_changed_at = excluded.last_changed_at, cleared_at = excluded.cleared_at, operator_state = excluded.operator_state,
         operator = excluded.operator, operator_text = excluded.operator_text, operator_at = excluded.operator_at,
         shelved_until = excluded.shelved_until, history = excluded.history, adapter_id = excluded.adapter_id`,
      cols,
    );
  }

  async get(id: string): Promise<Alarm | undefined> {
    const r = await this.db.get('SELECT * FROM alarms WHERE id = ?', [id]);
    return r && toAlarm(r);
  }

  async byKey(key: string): Promise<Alarm | undefined> {
    const r = await this.db.get('SELECT * FROM alarms WHERE alarm_key = ?', [key]);
    return r && toAlarm(r);
  }
  async active(q: { olt?: string } = {}): Promise<Alarm[]> {
    return (
      await this.db.all(
        "SELECT * FROM alarms WHERE (is_cleared = 0 OR operator_state <> 'closed') AND (? = '' OR olt = ?) ORDER BY last_changed_at",
        [q.olt ?? '', q.olt ?? ''],
      )
    ).map(toAlarm);
  }
  async list(q: AlarmQuery = {}): Promise<Alarm[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    const eq = (col: string, v: SqlValue | undefined) => {
      if (v !== undefined) {
        where.push(`${col} = ?`);
        params.push(v);
      }
    };
    eq('olt', q.olt);
    eq('pon', q.pon);
    eq('severity', q.severity);
    eq('type', q.type);
    eq('adapter_id', q.adapterId);
    if (q.cleared !== undefined) eq('is_cleared', toBool(q.cleared));
    if (q.from) {
      where.push('last_changed_at >= ?');
      params.push(q.from);
    }
    if (q.to) {
      where.push('last_changed_at < ?');
      params.push(q.to);
    }
    const after = keysetAfter([{ col: 'last_changed_at', desc: true }, { col: 'id' }], q.after);
    if (after) {
      where.push(after.sql);
      params.push(...after.params);
    }
    params.push(q.limit ?? 1000);
    const sql = `SELECT * FROM alarms ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY last_changed_at DESC, id LIMIT ?`;
    return (await this.db.all(sql, params)).map(toAlarm);
  }
}
