/**
 * The Broadband Forum models (TR-385 xPON, TR-383 L2/QoS, plus ponctl-bbf-ext) as the NETCONF
 * driver's data model (docs/bbf-mapping.md): the YANG library read and checked before anything is
 * written, deviations read with `<get-schema>` (RFC 6022 §3.1), the codec (bbf-edits.ts,
 * bbf-decode.ts), and the ONU state of the operational datastore (onu-state.ts).
 */
import type { ConfigDiff } from '../../../../../domain/olt-config/diff.ts';
import type { OltConfig } from '../../../../../domain/olt-config/model.ts';
import type { UnconfiguredOnu } from '../../../../../application/ports/olt-driver/olt-driver.ts';
import { MissingCapabilityError, RpcError } from '../../../../../application/ports/olt-driver/errors.ts';
import type { NetconfConfigModel } from '../config-model.ts';
import type { Filter, NetconfOperations } from '../operations.ts';
import { replyDataXml, type DataXml } from '../rpc-reply.ts';
import { decodeBbfConfig } from './bbf-decode.ts';
import { deviationConflicts, parseDeviations, type Deviation } from './bbf-deviations.ts';
import { bbfEditPayloads } from './bbf-edits.ts';
import { CHANNELS } from '../../../../../domain/olt-config/model.ts';
import { NS, onuNames, ownerOf, type OwnerKey } from './bbf-names.ts';
import { CORE_MODULES, fullNeeds, needsOf, unmet } from './bbf-requirements.ts';
import { readOnuState, unconfiguredOnus, type OnuStateSnapshot } from './onu-state.ts';
import { readYangLibrary, type YangLibrary } from './yang-library.ts';

/** The containers ponctl's configuration lives in (RFC 6241 §6.4.2: one selection node each). */
const CONFIG_FILTER =
  `<interfaces xmlns="${NS.if}"/><xpongemtcont xmlns="${NS.gemtcont}"/>` +
  `<policing-profiles xmlns="${NS.qosPlc}"/><multicast xmlns="${NS.mgmd}"/>`;

/** Above this many touched ONUs a read takes the whole configuration instead of a filter by name. */
const PARTIAL_READ_MAX_ONUS = 512;

const unescapeXml = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : '&',
  );

/** The subtree filter selecting these ONUs' objects and these profiles by name, as one flat string. */
function diffFilterXml(owners: readonly OwnerKey[], profiles: readonly string[]): string {
  const ifs: string[] = [];
  const tconts: string[] = [];
  const gems: string[] = [];
  const hosts: string[] = [];
  const sel = (tag: string, name: string) => `<${tag}><name>${name}</name></${tag}>`;
  for (const o of owners) {
    const n = onuNames(o);
    ifs.push(sel('interface', n.vani), sel('interface', n.venet));
    for (const c of CHANNELS) ifs.push(sel('interface', n.vsi(c)));
    for (let s = 1; s <= 4; s++) tconts.push(sel('tcont', n.tcont(s)));
    for (let s = 1; s <= 4; s++) gems.push(sel('gemport', n.gem(s)));
    for (const c of CHANNELS) hosts.push(sel('multicast-interface-to-host', n.mcastHost(c)));
  }
  const out: string[] = [];
  if (ifs.length) out.push(`<interfaces xmlns="${NS.if}">`, ...ifs, '</interfaces>');
  if (tconts.length)
    out.push(
      `<xpongemtcont xmlns="${NS.gemtcont}"><tconts>`,
      ...tconts,
      '</tconts><gemports>',
      ...gems,
      '</gemports></xpongemtcont>',
    );
  if (profiles.length)
    out.push(
      `<policing-profiles xmlns="${NS.qosPlc}">`,
      ...profiles.map((p) => sel('policing-profile', p)),
      '</policing-profiles>',
    );
  if (hosts.length)
    out.push(
      `<multicast xmlns="${NS.mgmd}"><mgmd><multicast-vpn>`,
      ...hosts,
      '</multicast-vpn></mgmd></multicast>',
    );
  return out.join('');
}

export class BbfConfigModel implements NetconfConfigModel {
  readonly name = 'bbf' as const;
  library: YangLibrary | undefined;
  deviations: Deviation[] = [];
  /** Deviation modules the device lists but would not hand over (`<get-schema>`): unknown narrowing. */
  unreadableDeviations: string[] = [];
  /** `port#onuId` → owner key of the device's v-ANI name, from every read. */
  private readonly owners = new Map<string, OwnerKey>();

  async prepare(ops: NetconfOperations, capabilities: readonly string[], device: string): Promise<void> {
    const lib = await readYangLibrary(ops, capabilities, device);
    if (this.library?.id !== undefined && this.library.id === lib.id) return;
    this.library = lib;
    this.deviations = [];
    this.unreadableDeviations = [];
    const deviators = new Set<string>();
    for (const m of lib.modules.values()) for (const d of m.deviations) if (d) deviators.add(d);
    for (const d of deviators) {
      try {
        const rev = lib.modules.get(d)?.revision;
        const r = await ops.session.rpc(
          `<get-schema xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring"><identifier>${d}</identifier>` +
            `${rev ? `<version>${rev}</version>` : ''}<format>yang</format></get-schema>`,
          { operation: 'get-schema' },
        );
        this.deviations.push(...parseDeviations(d, unescapeXml(replyDataXml(r.raw))));
      } catch (e) {
        if (!(e instanceof RpcError)) throw e;
        this.unreadableDeviations.push(d);
      }
    }
  }

  private refuse(operation: string, missing: string[], device: string): never {
    throw new MissingCapabilityError(operation, missing.join(', '), { device, missing });
  }

  checkRead(device: string): void {
    if (!this.library) this.refuse('read the OLT configuration', ['ietf-yang-library'], device);
    const lacking = unmet(CORE_MODULES, this.library.modules);
    if (lacking.length) this.refuse('read the OLT configuration', lacking, device);
  }

  checkWrite(diff: ConfigDiff, device: string): void {
    if (!this.library) this.refuse('write the OLT configuration', ['ietf-yang-library'], device);
    const lacking = [
      ...unmet(needsOf(diff), this.library.modules),
      ...deviationConflicts(diff, this.deviations),
      // a deviation we could not read may remove what we write: refuse rather than guess
      ...(diff.changes.length
        ? this.unreadableDeviations.map((d) => `${d}: deviation module unreadable (get-schema)`)
        : []),
    ];
    if (lacking.length) this.refuse('write the OLT configuration', lacking, device);
  }

  missing(): readonly string[] {
    return this.library ? unmet(fullNeeds(), this.library.modules) : ['ietf-yang-library'];
  }

  get nmda(): boolean {
    return this.library?.nmda ?? false;
  }

  configFilter(): Filter {
    return { type: 'subtree', xml: CONFIG_FILTER };
  }

  private ownerKey(port: string, onuId: number, description?: string): OwnerKey {
    return this.owners.get(`${port}#${onuId}`) ?? ownerOf(port, onuId, description);
  }

  /** Only what `diff` touches, by name (§5): its ONUs' interfaces, T-CONTs, GEM ports, hosts and its profiles. */
  diffFilter(diff: ConfigDiff): Filter {
    const profiles = new Set<string>();
    const owners = new Set<OwnerKey>();
    for (const c of diff.changes) {
      if (c.kind === 'traffic-profile') profiles.add(c.name);
      else {
        const v = c.kind === 'onu' ? (c.after ?? c.before) : undefined;
        owners.add(this.ownerKey(c.port, c.onuId, v?.description));
        if (c.kind === 'onu' && c.before && c.after)
          owners.add(ownerOf(c.port, c.onuId, c.after.description));
      }
    }
    if (owners.size > PARTIAL_READ_MAX_ONUS) return this.configFilter();
    return { type: 'subtree', xml: diffFilterXml([...owners], [...profiles]) };
  }

  decode(data: DataXml): OltConfig {
    const d = decodeBbfConfig(data.xml, data.from, data.to);
    for (const [k, v] of d.owners) this.owners.set(k, v);
    return d.config;
  }

  payloads(diff: ConfigDiff, maxChangesPerEdit: number): string[] {
    let payloads = bbfEditPayloads(
      diff,
      (port, onuId) => this.owners.get(`${port}#${onuId}`),
      maxChangesPerEdit,
    );
    // alloc-id / gemport-id exist only with their features (§4): without them the OLT assigns the ids
    const gt = this.library?.modules.get('bbf-xpongemtcont');
    if (gt && !gt.features.has('configurable-alloc-id'))
      payloads = payloads.map((p) => p.replace(/<alloc-id>\d+<\/alloc-id>/g, ''));
    if (gt && !gt.features.has('configurable-gemport-id'))
      payloads = payloads.map((p) => p.replace(/<gemport-id>\d+<\/gemport-id>/g, ''));
    // remember the names the diff gives its ONUs (an apply's read-back then finds them by name)
    for (const c of diff.changes) {
      if (c.kind !== 'onu') continue;
      const key = `${c.port}#${c.onuId}`;
      if (c.op === 'delete') this.owners.delete(key);
      else if (c.op === 'create' || !this.owners.has(key))
        this.owners.set(key, ownerOf(c.port, c.onuId, c.after!.description));
    }
    return payloads;
  }

  /** ONU presence on the PONs and per v-ANI (operational datastore). */
  readOnuState(
    ops: NetconfOperations,
    pons: readonly string[] = [],
    vanis: readonly string[] = [],
  ): Promise<OnuStateSnapshot> {
    return readOnuState(ops, this.nmda, pons, vanis);
  }

  async readUnconfiguredOnus(ops: NetconfOperations): Promise<UnconfiguredOnu[]> {
    return unconfiguredOnus(await this.readOnuState(ops));
  }
}
