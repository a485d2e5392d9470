/**
 * The lab's former own module `ponctl-olt` (yang/ponctl-olt.yang) as a NETCONF data model, kept
 * only until the lab OLT speaks the BBF models (issue 12: retired then). A device that does not
 * announce the module in its hello holds no such configuration: refused, never read as empty.
 */
import type { ConfigDiff } from '../../../../domain/olt-config/diff.ts';
import type { OltConfig } from '../../../../domain/olt-config/model.ts';
import { MissingCapabilityError } from '../../../../application/ports/olt-driver/errors.ts';
import type { NetconfConfigModel } from './config-model.ts';
import { diffToEditPayloads } from './diff-to-edits.ts';
import { diffReadFilter } from './ponctl-olt-filter.ts';
import type { Filter, NetconfOperations } from './operations.ts';
import { OLT_MODULE, OLT_NS, oltConfigFromXml } from './olt-config-xml.ts';
import { child, parseXml } from './olt-config-xnode.ts';
import type { UnconfiguredOnu } from '../../../../application/ports/olt-driver/olt-driver.ts';

export class PonctlOltModel implements NetconfConfigModel {
  readonly name = 'ponctl-olt' as const;
  private announced = false;

  prepare(_ops: NetconfOperations, capabilities: readonly string[]): Promise<void> {
    this.announced = capabilities.some(
      (c) => c.startsWith(`${OLT_NS}?`) && c.includes(`module=${OLT_MODULE}`),
    );
    return Promise.resolve();
  }
  checkRead(device: string): void {
    if (!this.announced)
      throw new MissingCapabilityError('read the OLT configuration', OLT_MODULE, { device });
  }
  checkWrite(_diff: ConfigDiff, device: string): void {
    this.checkRead(device);
  }
  configFilter(): Filter {
    return { type: 'subtree', xml: `<olt xmlns="${OLT_NS}"/>` };
  }
  diffFilter(diff: ConfigDiff): Filter {
    // a large diff reads everything (a per-subscriber apply on a full OLT reads one v-ANI)
    const touched = new Set(
      diff.changes.map((c) => (c.kind === 'traffic-profile' ? '' : `${c.port}#${c.onuId}`)),
    );
    if (touched.size > 512) return this.configFilter();
    return { type: 'subtree', xml: diffReadFilter(diff, OLT_NS) };
  }
  decode(dataInnerXml: string): OltConfig {
    return oltConfigFromXml(`<data>${dataInnerXml}</data>`);
  }
  payloads(diff: ConfigDiff, maxChangesPerEdit: number): string[] {
    return diffToEditPayloads(diff, maxChangesPerEdit);
  }

  /**
   * The module's `olt-state` (config false, yang/ponctl-olt.yang): per channel termination the ONUs
   * that range without a v-ANI (`unconfigured-onu`, keyed by serial, with the model they report).
   */
  async readUnconfiguredOnus(ops: NetconfOperations): Promise<UnconfiguredOnu[]> {
    this.checkRead('olt-state');
    const xml = await ops.get({ type: 'subtree', xml: `<olt-state xmlns="${OLT_NS}"/>` });
    const data = parseXml(`<data>${xml}</data>`);
    const out: UnconfiguredOnu[] = [];
    for (const ct of child(data, 'olt-state')?.children ?? []) {
      if (ct.name !== 'channel-termination') continue;
      const pon = child(ct, 'name')?.text ?? '';
      for (const u of ct.children) {
        if (u.name !== 'unconfigured-onu') continue;
        const serial = child(u, 'serial')?.text;
        const model = child(u, 'model')?.text;
        if (serial) out.push({ pon, serial: serial.toUpperCase(), ...(model ? { model } : {}) });
      }
    }
    return out;
  }
}
