/**
 * AdapterID allocation and the rule of when an order gets a new one (spec §3: "Every valid
 * activation gets a new unique AdapterID. The AdapterID is kept across speed/service changes and SL
 * reactivation; kept on a move only if the technology does not change").
 * Uniqueness is the store's job (a sequence); this only formats and steps.
 */
import type { OrderInput } from '../orders/types.ts';

export const ADAPTER_ID_PREFIX = 'A-';
const ADAPTER_ID = /^A-(\d{8})$/;

export function formatAdapterId(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99_999_999)
    throw new RangeError(`AdapterID number out of range: ${n}`);
  return `${ADAPTER_ID_PREFIX}${String(n).padStart(8, '0')}`;
}

export function isAdapterId(s: unknown): s is string {
  return typeof s === 'string' && ADAPTER_ID.test(s);
}

/** The number inside an AdapterID (`A-00000042` → 42), or undefined if it is not one. */
export function adapterIdNumber(id: string): number | undefined {
  const m = ADAPTER_ID.exec(id);
  return m ? Number(m[1]) : undefined;
}

/** The AdapterID after `last` (the highest issued so far, or none): `A-00000001` first. */
export function nextAdapterId(last?: string | null): string {
  const n = last ? adapterIdNumber(last) : 0;
  if (n === undefined) throw new RangeError(`not an AdapterID: ${last}`);
  return formatAdapterId(n + 1);
}

/**
 * Whether carrying out `order` gives the access a new AdapterID ('new') or keeps the one it names
 * ('kept'). Deactivation and fault orders keep it (the access ends or is repaired, not re-created).
 */
export function adapterIdAfter(order: OrderInput): 'new' | 'kept' {
  switch (order.category) {
    case 'activation':
    case 'technology-change':
      return 'new';
    case 'move':
      return order.technologyChange ? 'new' : 'kept';
    default:
      return 'kept';
  }
}
