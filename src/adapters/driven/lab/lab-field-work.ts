/**
 * The field-work port (application/ports/field-work.ts) for the simulated lab: the ONT is installed
 * through the lab's control endpoint (simulators/lab/control.ts `POST /onts`).
 */
import type { FieldWorkStandIn } from '../../../application/ports/field-work.ts';

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
