/**
 * The telemetry port's ONT table for OLTs managed over NETCONF in the BBF models (issue 12 item 3):
 * such an OLT has no ZTE SNMP tables, so monitoring reads ONU state from its operational datastore
 * (RFC 8342) — `<get-data>` on `ds:operational` (RFC 8526) where the YANG library implements
 * ietf-netconf-nmda, `<get>` otherwise — with the same reader the driver uses
 * (olt/netconf/bbf/onu-state.ts). One row per configured v-ANI: its PON and ONU id from the
 * configuration (identity rounds re-read it), its phase from the TR-385 presence state and the xPON
 * defects (bbf-xpon-defects: the v-ANI's `lobi`/`dgi`, the channel termination's `los`).
 * Optical levels are not in these modules: they come from OMCI (ANI-G), not from this table.
 */
import type { OltTarget, OntRow, OntTableReader } from '../../../../application/ports/telemetry.ts';
import { NetconfSession } from '../../olt/netconf/session.ts';
import type { HostKeyPolicy } from '../../ssh-connect.ts';
import { NetconfOperations } from '../../olt/netconf/operations.ts';
import { BbfConfigModel } from '../../olt/netconf/bbf/bbf-model.ts';
import { onuNames, ownerOf } from '../../olt/netconf/bbf/bbf-names.ts';
import { phaseOf } from '../../olt/netconf/bbf/onu-state.ts';
import type { OltConfig } from '../../../../domain/olt-config/model.ts';

interface Placed {
  pon: string;
  onuId: number;
  serial: string;
  description?: string;
}

export class NetconfOnuStateTable implements OntTableReader {
  private session: NetconfSession | undefined;
  private ops: NetconfOperations | undefined;
  private readonly model = new BbfConfigModel();
  /** v-ANI name → where it is (from the configuration). */
  private placed = new Map<string, Placed>();

  /** `hostKey`: the OLT's pinned key, asked at each connect (ssh-connect.ts): another one → HostKeyError, no credential sent. */
  constructor(
    private readonly target: OltTarget & { netconf: NonNullable<OltTarget['netconf']> },
    private readonly hostKey: () => Promise<HostKeyPolicy>,
  ) {}

  private async connect(): Promise<NetconfOperations> {
    if (this.ops && this.session && !this.session.closed) return this.ops;
    const n = this.target.netconf;
    this.session = await NetconfSession.connect({
      host: this.target.host,
      port: n.port,
      username: n.username,
      password: n.password,
      device: this.target.name,
      hostKey: await this.hostKey(),
      connectTimeoutMs: n.timeoutMs ?? 5000,
      rpcTimeoutMs: n.timeoutMs ?? 30_000,
    });
    this.ops = new NetconfOperations(this.session);
    await this.model.prepare(this.ops, this.session.capabilities, this.target.name);
    this.model.checkRead(this.target.name);
    this.placed.clear();
    return this.ops;
  }

  private remember(cfg: OltConfig): void {
    this.placed.clear();
    for (const ct of cfg.channelTerminations)
      for (const o of ct.onus) {
        const owner = ownerOf(ct.name, o.onuId, o.description);
        this.placed.set(onuNames(owner).vani, {
          pon: ct.name,
          onuId: o.onuId,
          serial: o.expectedSerial,
          description: o.description,
        });
      }
  }

  async read(o: { identity: boolean }): Promise<OntRow[]> {
    const ops = await this.connect();
    if (o.identity || this.placed.size === 0) {
      this.remember(this.model.decode(await ops.getConfigData('running', this.model.configFilter())));
    }
    const state = await this.model.readOnuState(ops);
    const rows: OntRow[] = [];
    for (const [name, p] of this.placed) {
      const v = state.vanis.get(name);
      const presence = state.onus.find((x) => x.vani === name);
      // the v-ANI's own state says most; the channel termination's list says it when the v-ANI lacks it.
      // Defects (bbf-xpon-defects) tell why an ONU is absent: the v-ANI's `dgi` / `lobi`, or its PON's
      // `los` on the channel termination (a feeder cut), so monitoring correlates a PON cut (issue 6 §4)
      const pd = state.ponDefects.get(p.pon) ?? [];
      const phase = v?.presence
        ? phaseOf(v.presence, v.defects, pd)
        : presence
          ? presence.phase
          : phaseOf('onu-not-present-with-v-ani', [], pd);
      rows.push({
        pon: p.pon,
        onuId: p.onuId,
        phase,
        ...(o.identity ? { serial: v?.detectedSerial ?? p.serial, description: p.description } : {}),
      });
    }
    return rows;
  }

  reset(): void {
    this.session?.kill();
    this.session = undefined;
    this.ops = undefined;
  }

  close(): void {
    const s = this.session;
    this.session = undefined;
    this.ops = undefined;
    if (s) void s.close().catch(() => undefined);
  }
}
