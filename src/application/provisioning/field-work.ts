/**
 * When work happens (design §3, issue 5 item 9). An order that needs a technician (spec §3: the
 * owner builds the home installation, or a new installation) waits until field work is recorded —
 * `POST /v1/orders/:id/field-work` against real networks. The lab treats field work as done at
 * once: its stand-in installs the ONT with the ordered serial at the port (the simulated ONT then
 * ranges with that serial) through the lab's control endpoint, and records the visit.
 */
import { needsTechnicianVisit } from '../../domain/orders/cancellation.ts';
import type { InstallationKind } from '../../domain/orders/types.ts';
import type { OrderRecord } from '../ports/store/index.ts';
import { fieldWorkOf } from './order-plan.ts';

/** Does the order need field work before it may be applied, and is it still missing? */
export function awaitingFieldWork(order: OrderRecord): boolean {
  if (fieldWorkOf(order)) return false;
  const installation = (order.detail?.installation as InstallationKind | undefined) ?? 'existing';
  return needsTechnicianVisit(order.input, installation);
}

/** The lab's stand-in for a technician: makes the ONT physically present at the position. */
export interface FieldWorkStandIn {
  /** Installs (or finds) the ONT at the position; returns the serial that now ranges there. */
  installOnt(at: { olt: string; pon: string; onuId: number; serial?: string }): Promise<string>;
  /** Many at once (one visit round for a run of orders); same order as given. */
  installOnts?(list: { olt: string; pon: string; onuId: number; serial?: string }[]): Promise<string[]>;
}

/** Stand-in through the lab's control endpoint (simulators/lab/control.ts `POST /onts`). */
export class LabFieldWork implements FieldWorkStandIn {
  constructor(private readonly controlUrl: string) {}

  async installOnt(at: { olt: string; pon: string; onuId: number; serial?: string }): Promise<string> {
    const res = await fetch(`${this.controlUrl.replace(/\/+$/, '')}/onts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        olt: at.olt,
        pon: at.pon,
        ont: at.onuId,
        ...(at.serial ? { serial: at.serial } : {}),
      }),
    });
    const body = (await res.json()) as { serial?: string; error?: { message: string } };
    if (!res.ok || !body.serial)
      throw new Error(
        `lab: installing the ONT at ${at.olt} ${at.pon}:${at.onuId} failed: ${body.error?.message ?? res.status}`,
      );
    return body.serial;
  }

  async installOnts(list: { olt: string; pon: string; onuId: number; serial?: string }[]): Promise<string[]> {
    // the control endpoint takes bodies up to 64 KiB: a few hundred ONTs a request
    if (list.length > 400) {
      const out: string[] = [];
      for (let i = 0; i < list.length; i += 400)
        out.push(...(await this.installOnts(list.slice(i, i + 400))));
      return out;
    }
    if (list.length === 0) return [];
    const res = await fetch(`${this.controlUrl.replace(/\/+$/, '')}/onts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        onts: list.map((at) => ({
          olt: at.olt,
          pon: at.pon,
          ont: at.onuId,
          ...(at.serial ? { serial: at.serial } : {}),
        })),
      }),
    });
    const body = (await res.json()) as { serials?: string[]; error?: { message: string } };
    if (!res.ok || !body.serials)
      throw new Error(`lab: installing ${list.length} ONTs failed: ${body.error?.message ?? res.status}`);
    return body.serials;
  }
}
