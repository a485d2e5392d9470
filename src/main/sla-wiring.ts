/**
 * Issue 7's services as the composition root plugs them in (controller.ts): the SLA reports, fault
 * tickets with their repair clock, planned works. The fault service listens to the order bus so an
 * accepted SBSN order opens its ticket at once (reads open a missed one too).
 */
import type { Store } from '../application/ports/store/index.ts';
import type { Clock } from '../application/ports/clock.ts';
import type { OrderBus } from '../application/orders/order-bus.ts';
import { FaultService } from '../application/sla/fault-tickets.ts';
import { PlannedWorksService } from '../application/sla/planned-works.ts';
import { SlaReportService } from '../application/sla/sla-reports.ts';

export interface SlaServices {
  sla: SlaReportService;
  faults: FaultService;
  plannedWorks: PlannedWorksService;
}

export function wireSla(deps: { store: Store; clock: Clock; bus: OrderBus }): {
  services: SlaServices;
  unlisten: () => void;
} {
  const faults = new FaultService(deps);
  const unlisten = faults.listen(deps.bus);
  return {
    services: { sla: new SlaReportService(deps), faults, plannedWorks: new PlannedWorksService(deps) },
    unlisten,
  };
}
