/**
 * A monitoring service on its own, wired like the controller's (network telemetry, device profiles,
 * Node timers, the wall clock unless told otherwise): for tests and benchmarks that watch a lab
 * without the rest of the controller.
 */
import { DeviceProfileCatalogue } from '../adapters/driven/device-profiles/device-profile-catalogue.ts';
import { NetworkTelemetry } from '../adapters/driven/telemetry/network-telemetry.ts';
import { nodeScheduler } from '../adapters/driven/time/node-scheduler.ts';
import { systemClock } from '../adapters/driven/time/system-time.ts';
import type { MonitoringOptions, MonitoringService } from '../application/monitoring/index.ts';
import { buildMonitoring } from './services.ts';

export type StandaloneMonitoringOptions = Partial<MonitoringOptions> & {
  targets: MonitoringOptions['targets'];
};

export function createMonitoring(o: StandaloneMonitoringOptions): MonitoringService {
  const { clock, scheduler, telemetry, devices, store, ...rest } = o;
  return buildMonitoring(
    {
      clock: clock ?? systemClock,
      scheduler: scheduler ?? nodeScheduler,
      telemetry: telemetry ?? new NetworkTelemetry(),
      devices: devices ?? new DeviceProfileCatalogue(),
      store,
    },
    rest,
  );
}
