/**
 * The field-work port (application/ports/field-work.ts) for the simulated lab: the ONT is installed
 * through the lab's control endpoint (simulators/lab/control.ts `POST /onts`) — the endpoint of the
 * lab process that runs its OLT, when one lab is spread over several (`ponctl lab --first-olt`).
 */
import type { FieldWorkStandIn } from '../../../application/ports/field-work.ts';

type At = { olt: string; pon: string; onuId: number; serial?: string };

/** Stand-in through the lab's control endpoint (simulators/lab/control.ts `POST /onts`). */
export class LabFieldWork implements FieldWorkStandIn {
  /**
   * `controlOf`: an OLT's own control endpoint when it is not `controlUrl` (the inventory's
   * per-OLT `control`, simulators/lab/inventory.ts).
   */
  constructor(
    private readonly controlUrl: string,
    private readonly controlOf: (olt: string) => string | undefined = () => undefined,
  ) {}

  private url(olt: string): string {
    return (this.controlOf(olt) ?? this.controlUrl).replace(/\/+$/, '');
  }

  async installOnt(at: At): Promise<string> {
    const res = await fetch(`${this.url(at.olt)}/onts`, {
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

  async installOnts(list: At[]): Promise<string[]> {
    // each lab process installs its own OLTs' ONTs; the serials come back in the order of `list`
    const byUrl = new Map<string, number[]>();
    list.forEach((at, i) => {
      const u = this.url(at.olt);
      const g = byUrl.get(u);
      if (g) g.push(i);
      else byUrl.set(u, [i]);
    });
    const out = new Array<string>(list.length);
    await Promise.all(
      [...byUrl].map(async ([u, idx]) => {
        const serials = await this.post(
          u,
          idx.map((i) => list[i]),
        );
        idx.forEach((i, k) => (out[i] = serials[k]));
      }),
    );
    return out;
  }

  private async post(url: string, list: At[]): Promise<string[]> {
    // the control endpoint takes bodies up to 64 KiB: a few hundred ONTs a request
    if (list.length > 400) {
      const out: string[] = [];
      for (let i = 0; i < list.length; i += 400) out.push(...(await this.post(url, list.slice(i, i + 400))));
      return out;
    }
    if (list.length === 0) return [];
    const res = await fetch(`${url}/onts`, {
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
