/**
 * The network owner's OLTs (issue 14): unconfigured-ONU discovery across the registry. Operator
 * only; an SP's key is told there is nothing (principal.ts).
 */
import { requireOperator, type Principal } from '../access/principal.ts';
import { UnconfiguredOnus, type UnconfiguredDeps, type UnconfiguredScan } from './unconfigured-onus.ts';

export type { UnconfiguredOnuView, UnconfiguredScan } from './unconfigured-onus.ts';

export type OltServiceDeps = UnconfiguredDeps;

export class OltService {
  private readonly unconfigured: UnconfiguredOnus;

  constructor(private readonly d: OltServiceDeps) {
    this.unconfigured = new UnconfiguredOnus(d);
  }

  /** GET /v1/onts/unconfigured, `ponctl onts unconfigured`: every OLT read now. */
  listUnconfigured(p: Principal, q: { olt?: string } = {}): Promise<UnconfiguredScan> {
    requireOperator(p, 'GET /v1/onts/unconfigured');
    return this.unconfigured.scan(q.olt);
  }
}
