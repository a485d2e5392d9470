/**
 * Who is calling (design §4): an SP's key sees and changes only that SP's resources; the network
 * owner's `operator` key (engineers, NOC) sees everything. Services take a Principal and enforce
 * isolation themselves, so no route can forget it: another SP's resource is NOT_FOUND.
 */
import { DomainError } from '../../domain/errors.ts';

export type Principal = { role: 'sp'; spId: string; keyId: string } | { role: 'operator'; keyId: string };

/** True when the principal may see a resource owned by `spId`. */
export function canSee(p: Principal, spId: string): boolean {
  return p.role === 'operator' || p.spId === spId;
}

/** The SP a principal acts for; an operator key cannot act as an SP. */
export function requireSp(p: Principal, action: string): string {
  if (p.role !== 'sp') throw new DomainError('FORBIDDEN', `${action} needs a service provider's key`);
  return p.spId;
}

export function requireOperator(p: Principal, action: string): void {
  if (p.role !== 'operator') throw new DomainError('NOT_FOUND', `${action}: not found`);
}

export const notFound = (what: string): DomainError => new DomainError('NOT_FOUND', `${what} not found`);
