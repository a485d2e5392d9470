/**
 * One connected driver per OLT, made from the OLT registry (store) by the driver factory port (a
 * driver per device profile). A driver whose session died, or whose registry entry changed, is
 * replaced on next use.
 */
import type { Store } from '../ports/store/index.ts';
import type { OltRecord } from '../ports/store/index.ts';
import type { OltDriver, OltDriverFactory } from '../ports/olt-driver/olt-driver.ts';
import { DomainError } from '../../domain/errors.ts';

export class DevicePool {
  private readonly drivers = new Map<string, { driver: OltDriver; fingerprint: string }>();

  constructor(
    private readonly store: Store,
    private readonly make: OltDriverFactory,
  ) {}

  async olt(name: string): Promise<OltRecord> {
    const o = await this.store.olts.get(name);
    if (!o) throw new DomainError('NOT_FOUND', `OLT ${name} not found`);
    return o;
  }

  /** A connected driver for the OLT (connecting, or reconnecting after a lost session). */
  async driver(name: string): Promise<OltDriver> {
    const o = await this.olt(name);
    const fingerprint = JSON.stringify([o.profile, o.host, o.ports, o.protocol, o.credentialsRef]);
    let d = this.drivers.get(name);
    if (d && (d.fingerprint !== fingerprint || !d.driver.connected)) {
      await d.driver.close().catch(() => undefined);
      this.drivers.delete(name);
      d = undefined;
    }
    if (!d) {
      d = { driver: this.make(o), fingerprint };
      this.drivers.set(name, d);
    }
    if (!d.driver.connected) {
      try {
        await d.driver.connect();
      } catch (e) {
        this.drivers.delete(name);
        throw e;
      }
    }
    return d.driver;
  }

  /** Forget a driver (after a lost session: the next use connects afresh). */
  async drop(name: string): Promise<void> {
    const d = this.drivers.get(name);
    this.drivers.delete(name);
    await d?.driver.close().catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    const all = [...this.drivers.keys()];
    await Promise.all(all.map((n) => this.drop(n)));
  }
}
