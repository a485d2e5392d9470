/**
 * Explicit transition tables (style.md, VOLTHA's olt_state_transitions): each trigger lists the
 * states it may leave and the state it leads to. Order, access and repair-clock lifecycles are such
 * tables; these two functions are the only way through them.
 */
import { accept, reject, type Verdict } from './errors.ts';

export interface Edge<S extends string> {
  from: readonly S[];
  to: S;
}

/** The state after `trigger`, or INVALID_STATE naming what is allowed when the table has no such edge. */
export function transitionBy<S extends string, T extends string>(
  table: Record<T, Edge<S>>,
  subject: string,
  state: S,
  trigger: T,
): Verdict<S> {
  const t = table[trigger];
  if (!t.from.includes(state)) {
    return reject(
      'INVALID_STATE',
      `${subject} in state ${state} cannot ${trigger} (allowed from ${t.from.join(', ')})`,
    );
  }
  return accept(t.to);
}

/** Triggers that may fire in `state` (for UIs and tests). */
export function triggersFrom<S extends string, T extends string>(table: Record<T, Edge<S>>, state: S): T[] {
  return (Object.keys(table) as T[]).filter((k) => table[k].from.includes(state));
}
