/**
 * Gathers, inside the intake transaction, the facts `validateOrder` needs (domain/orders/validate.ts)
 * and the ones intake needs afterwards (the port, the installation kind of Table 6/8). Only what the
 * order's category needs is read: an activation reads coverage, port and its one ONT serial; an
 * order on an AdapterID reads that access and the one open order on it the priority rule compares with.
 */
import type { AccessRecord, CoverageRecord, Store } from '../ports/store/index.ts';
import {
  type InstallationKind,
  INSTALLATION_KINDS,
  type OrderInput,
  reservedOntSerial,
} from '../../domain/orders/types.ts';
import type { AddressFacts, OrderContext } from '../../domain/orders/validate.ts';
import type { DeviceCapabilities } from './capabilities.ts';

export interface IntakeFacts {
  ctx: OrderContext;
  /** Coverage of the activation's / move's address. */
  coverage?: CoverageRecord;
  /** The access named by adapterId (any SP's; validate decides visibility). */
  target?: AccessRecord;
  /** Live accesses on the activation's port (they block it unless forced). */
  blocking: AccessRecord[];
  installation: InstallationKind;
  spRegion?: string;
}

export async function gatherFacts(
  tx: Store,
  spId: string,
  order: OrderInput,
  receivedAt: Date,
  caps: DeviceCapabilities,
): Promise<IntakeFacts> {
  // the SP's stock, as far as this order's one serial is concerned (spec §7)
  const serial = reservedOntSerial(order);
  let ontStock: string[] = [];
  if (serial) {
    const s = await tx.stock.get(serial);
    if (s && s.spId === spId && s.state === 'in-stock') ontStock = [s.serial];
  }

  let target: AccessRecord | undefined;
  let pending: OrderContext['pendingOrders'] = [];
  if ('adapterId' in order && order.adapterId) {
    // lock the access first: the priority rule (spec §3) then sees every earlier committed order
    target = await tx.accesses.get(order.adapterId, { forUpdate: true });
    // only the earliest open order the rules compare with (a service order for BSNA/BSND, a ticket of
    // the same category for SBSN), from the open-orders index: intake does not read every open order
    // on the access, so its cost does not grow with them (issue 17 item 4)
    const earliest = await tx.orders.earliestOpenOnAdapter(
      order.adapterId,
      order.form === 'SBSN' ? { forms: ['SBSN'], category: order.category } : { forms: ['BSNA', 'BSND'] },
    );
    if (earliest) {
      pending = [
        {
          id: earliest.id,
          form: earliest.form,
          category: earliest.category,
          receivedAt: new Date(earliest.receivedAt),
        },
      ];
    }
  }

  let coverage: CoverageRecord | undefined;
  let blocking: AccessRecord[] = [];
  let address: AddressFacts | 'unchecked' = 'unchecked';
  if (order.category === 'activation' || order.category === 'move') {
    // lock the port's coverage row: two activations of one port cannot both see it free
    coverage = await tx.coverage.findByAddress(order.address, { forUpdate: true });
    if (coverage) {
      const live = await tx.accesses.liveAtPort(coverage.olt, coverage.pon, coverage.onuId);
      // a move onto the port the access already holds is not blocked by itself
      blocking = live && live.adapterId !== target?.adapterId ? [live] : [];
    }
    address = {
      covered: !!coverage,
      blockedBy: blocking.map((a) => ({ spId: a.spId, service: 'bsn' as const })),
    };
  }

  const oltName = coverage?.olt ?? target?.olt;
  // spec §3 Table 6: another SP's BSN on the port → EXISTING; otherwise the site's recorded kind
  const siteKind = (INSTALLATION_KINDS as readonly string[]).includes(coverage?.installation ?? '')
    ? (coverage!.installation as InstallationKind)
    : 'existing';
  const installation: InstallationKind = blocking.length > 0 ? 'existing' : siteKind;

  const ctx: OrderContext = {
    receivedAt,
    spId,
    ontStock,
    target: target && {
      adapterId: target.adapterId,
      spId: target.spId,
      state: target.state,
      technology: target.technology,
      services: target.services,
      temporaryDisconnections: target.slStarts,
    },
    pendingOrders: pending,
    address,
    olt: oltName ? caps.olt(oltName) : 'unchecked',
    ont: caps.ont(serial ?? target?.ontSerial),
  };
  // the SP's region sets a new access's level (effectiveAccessLevel): only an activation creates one
  const spRegion = order.category === 'activation' ? (await tx.sps.get(spId))?.region : undefined;
  return { ctx, coverage, target, blocking, installation, spRegion };
}
