/**
 * Faults injected into one simulated OLT that are not part of the physical ONT model (topology.ts
 * holds fibre cuts, power and optics): the OLT being down, added latency, dropping sessions, and
 * failing the Nth configuration operation. Protocol servers consult this before answering.
 */
export type FaultKind =
  | 'pon-cut'
  | 'drop-cut'
  | 'dying-gasp'
  | 'olt-down'
  | 'rx-degrade'
  | 'reboot'
  | 'latency'
  | 'drop-connection'
  | 'fail-commit';

export const FAULT_KINDS: readonly FaultKind[] = [
  'pon-cut',
  'drop-cut',
  'dying-gasp',
  'olt-down',
  'rx-degrade',
  'reboot',
  'latency',
  'drop-connection',
  'fail-commit',
];

export class FaultState {
  /** Every protocol stops answering (connections refused or hang up). */
  down = false;
  /** Added delay before every protocol answer, ms. */
  latencyMs = 0;
  /**
   * Drop the NETCONF/CLI session after this many more configuration operations (edit-config or CLI
   * config command); null = never. Models a connection lost mid-change.
   */
  dropAfterOps: number | null = null;
  /**
   * Fail the Nth configuration operation from now (1 = the next one): a NETCONF commit/edit answers
   * rpc-error operation-failed, a CLI config command prints `%Error`. null = never.
   */
  failOnOp: number | null = null;
  /**
   * Fail every configuration operation after this many more (0 = all from now on), until cleared:
   * a device refusing all changes, so a driver's own undo is refused too. null = never.
   */
  failAfterOps: number | null = null;

  /**
   * Called by a protocol server before each configuration operation. Returns what to do with it.
   * Counting is shared by NETCONF and CLI: the lab counts operations per OLT, whichever protocol.
   */
  nextConfigOp(): 'ok' | 'fail' | 'drop' {
    if (this.dropAfterOps !== null) {
      if (this.dropAfterOps <= 0) {
        this.dropAfterOps = null;
        return 'drop';
      }
      this.dropAfterOps--;
    }
    if (this.failAfterOps !== null) {
      if (this.failAfterOps <= 0) return 'fail';
      this.failAfterOps--;
    }
    if (this.failOnOp !== null) {
      this.failOnOp--;
      if (this.failOnOp <= 0) {
        this.failOnOp = null;
        return 'fail';
      }
    }
    return 'ok';
  }

  clear(): void {
    this.down = false;
    this.latencyMs = 0;
    this.dropAfterOps = null;
    this.failOnOp = null;
    this.failAfterOps = null;
  }
}
