/**
 * Prometheus metrics of this instance in the cluster (issue 16 item 4): who it is, how many instances
 * it sees alive, how many OLTs it watches. Monitoring's own (sweep duration, poll lag) are in
 * monitoring/metrics.ts. Each instance exports its own; Prometheus tells them apart by target.
 */
import { Gauge, type Registry } from 'prom-client';

export class ClusterMetrics {
  constructor(
    registry: Registry,
    o: { instance: () => string; version: string; live: () => number; owned: () => number },
  ) {
    const registers = [registry];
    new Gauge({
      name: 'ponctl_cluster_instance_info',
      help: 'This controller instance (always 1): its id and version',
      labelNames: ['instance_id', 'version'] as const,
      registers,
      collect() {
        this.reset();
        this.set({ instance_id: o.instance(), version: o.version }, 1);
      },
    });
    new Gauge({
      name: 'ponctl_cluster_instances_live',
      help: 'Controller instances registered and alive, as this instance saw at its last heartbeat',
      registers,
      collect() {
        this.set(o.live());
      },
    });
    new Gauge({
      name: 'ponctl_cluster_olts_owned',
      help: 'OLTs whose monitoring lease this instance holds (and which it polls)',
      registers,
      collect() {
        this.set(o.owned());
      },
    });
  }
}
