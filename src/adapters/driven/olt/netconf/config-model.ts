/**
 * The data model a NETCONF OLT speaks, as the driver needs it: how to select, decode and edit the
 * configuration, and what the device must implement before anything is written (design §6). The
 * driver's protocol work (locks, candidate, validate, confirmed commit, read-back) is the same for
 * every model; only this part differs. The Broadband Forum models (bbf/bbf-model.ts) are the
 * contract with real OLTs, and the only model since the lab's own `ponctl-olt` retired (issue 12).
 */
import type { ConfigDiff } from '../../../../domain/olt-config/diff.ts';
import type { OltConfig } from '../../../../domain/olt-config/model.ts';
import type { UnconfiguredOnu } from '../../../../application/ports/olt-driver/olt-driver.ts';
import type { Filter, NetconfOperations } from './operations.ts';
import type { DataXml } from './rpc-reply.ts';

export interface NetconfConfigModel {
  readonly name: 'bbf';
  /** After the hello: learn what the device implements (YANG library, deviations). */
  prepare(ops: NetconfOperations, capabilities: readonly string[], device: string): Promise<void>;
  /** Throws MissingCapabilityError when the device cannot hold the configuration at all (before a read). */
  checkRead(device: string): void;
  /** Throws MissingCapabilityError naming every module / feature / deviated node `diff` needs and lacks. */
  checkWrite(diff: ConfigDiff, device: string): void;
  /** get-config filter selecting the whole configuration ponctl reads. */
  configFilter(): Filter;
  /** get-config filter selecting what `diff` touches. */
  diffFilter(diff: ConfigDiff): Filter;
  /** The inner XML of a reply's `<data>`, read in place (DataXml: getConfigData) → OltConfig. */
  decode(data: DataXml): OltConfig;
  /** `<config>` bodies carrying `diff`, in the order they must be sent. */
  payloads(diff: ConfigDiff, maxChangesPerEdit: number): string[];
  /** ONUs seen on the PONs that no configuration authorises (undefined: the model has no such state). */
  readUnconfiguredOnus?(ops: NetconfOperations): Promise<UnconfiguredOnu[]>;
  /** What the device lacks for a complete BSN access (reported in DriverCapabilities). */
  missing?(): readonly string[];
}
