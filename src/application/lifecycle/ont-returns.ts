/**
 * ONT returns (spec §7): "After deactivation, or when a subscriber moves to another SP, the SP must
 * return the ONT within 90 days. The SP is notified: return started; 10 days left; deadline missed
 * (21.90 EUR charged)." Stock: installed → return-due → returned | charged.
 */
import type { OntReturnReason, OntReturnRecord, Store } from '../ports/store/index.ts';
import { addDays, daysBetween, zagrebDate } from '../../domain/calendar/local-date.ts';
import { ONE_OFF_FEE_CENTS } from '../../domain/catalogue/catalogue.ts';
import { DomainError } from '../../domain/errors.ts';
import { enqueueWebhook } from '../notifications/outbox.ts';

export const ONT_RETURN_DAYS = 90;
export const ONT_RETURN_REMINDER_DAYS = 10;

/** Opens a return (inside the caller's transaction) and tells the SP (`ont.return_started`). */
export async function openOntReturn(
  tx: Store,
  r: { serial: string; spId: string; adapterId?: string; reason: OntReturnReason },
  at: string,
): Promise<boolean> {
  const startedOn = zagrebDate(new Date(at));
  const dueOn = addDays(startedOn, ONT_RETURN_DAYS);
  if (!(await tx.ontReturns.open({ ...r, startedOn, dueOn }))) return false;
  const s = await tx.stock.get(r.serial);
  if (s) await tx.stock.setState(r.serial, 'return-due', at);
  await enqueueWebhook(
    tx,
    r.spId,
    'ont.return_started',
    { serial: r.serial.toUpperCase(), adapterId: r.adapterId, reason: r.reason, dueOn },
    at,
  );
  return true;
}

/** The daily pass: "10 days left" notices, then missed deadlines charged (spec §6: 21.90 EUR per ONT). */
export async function ontReturnsTick(
  store: Store,
  now: Date,
): Promise<{ reminded: number; charged: number }> {
  const today = zagrebDate(now);
  const at = now.toISOString();
  let reminded = 0;
  let charged = 0;
  for (const r of await store.ontReturns.dueSoon(addDays(today, ONT_RETURN_REMINDER_DAYS))) {
    if (r.dueOn < today) continue; // already missed: charged below, no reminder
    await store.transaction(async (tx) => {
      if (!(await tx.ontReturns.markDueNotified(r.serial, r.startedOn))) return;
      await enqueueWebhook(
        tx,
        r.spId,
        'ont.return_due',
        { serial: r.serial, adapterId: r.adapterId, dueOn: r.dueOn, daysLeft: daysBetween(today, r.dueOn) },
        at,
      );
      reminded++;
    });
  }
  for (const r of await store.ontReturns.overdue(today)) {
    await store.transaction(async (tx) => {
      const fee = ONE_OFF_FEE_CENTS.ontNotReturned;
      if (!(await tx.ontReturns.close(r.serial, r.startedOn, 'charged', at, fee))) return;
      await tx.stock.setState(r.serial, 'charged', at);
      await enqueueWebhook(
        tx,
        r.spId,
        'ont.return_missed',
        { serial: r.serial, adapterId: r.adapterId, dueOn: r.dueOn, feeCents: fee, feeEur: fee / 100 },
        at,
      );
      charged++;
    });
  }
  return { reminded, charged };
}

/** Operator: the ONT came back to the warehouse. */
export async function recordOntReturn(store: Store, serial: string, now: Date): Promise<OntReturnRecord> {
  return store.transaction(async (tx) => {
    const r = await tx.ontReturns.openFor(serial);
    if (!r) throw new DomainError('NOT_FOUND', `no open return for ONT ${serial}`, 'serial');
    const at = now.toISOString();
    await tx.ontReturns.close(r.serial, r.startedOn, 'returned', at);
    await tx.stock.setState(r.serial, 'returned', at);
    return { ...r, state: 'returned', closedAt: at };
  });
}
