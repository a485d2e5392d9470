/**
 * The network owner's OLTs (issue 14): the registry with its sealed credentials and pinned host keys
 * (olt-registry.ts), probing, and unconfigured-ONU discovery across the registry. Operator only; an
 * SP's key is told there is nothing (principal.ts).
 */
import { requireOperator, type Principal } from '../access/principal.ts';
import { OltRegistry, type OltRegistryDeps } from './olt-registry.ts';
import { UnconfiguredOnus, type UnconfiguredDeps, type UnconfiguredScan } from './unconfigured-onus.ts';
import { hostKeyState } from './olt-views.ts';

export type { UnconfiguredOnuView, UnconfiguredScan } from './unconfigured-onus.ts';
export type { OltInput, OltRegistryView } from './olt-views.ts';

export type OltServiceDeps = Omit<UnconfiguredDeps, 'usable'> & OltRegistryDeps;

export class OltService extends OltRegistry {
  private readonly unconfigured: UnconfiguredOnus;

  constructor(d: OltServiceDeps) {
    super(d);
    this.unconfigured = new UnconfiguredOnus({
      ...d,
      // an OLT whose host key is not trusted is not connected to (its key would be refused anyway)
      usable: (o) =>
        hostKeyState(o) === 'trusted'
          ? { ok: true }
          : {
              ok: false,
              code: o.hostKey.pinned ? 'host-key-changed' : 'host-key-untrusted',
              message: `${o.name}: SSH host key not trusted (ponctl olt trust ${o.name})`,
            },
    });
  }

  /** GET /v1/onts/unconfigured, `ponctl onts unconfigured`: every OLT read now. */
  listUnconfigured(p: Principal, q: { olt?: string } = {}): Promise<UnconfiguredScan> {
    requireOperator(p, 'GET /v1/onts/unconfigured');
    return this.unconfigured.scan(q.olt);
  }

  /** The registry's OLT names (readiness; no principal: names only). */
  async names(): Promise<string[]> {
    return (await this.d.store.olts.list()).map((o) => o.name);
  }
}
