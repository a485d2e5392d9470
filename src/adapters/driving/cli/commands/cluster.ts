/**
 * `ponctl cluster [--json]` (design §5): the controller instances sharing the store, each with its
 * heartbeat, version and the OLTs it monitors (GET /v1/cluster, operator key in $PONCTL_KEY).
 */
import type { Command } from 'commander';
import { oltApi, reportApiError } from './olt-api.ts';

interface ClusterBody {
  instance: string;
  leaseMs: number;
  instances: {
    id: string;
    host: string;
    version: string;
    startedAt: string;
    heartbeatAt: string;
    self: boolean;
    olts: string[];
  }[];
  unowned: string[];
}

/** One line per instance, then the OLTs nobody holds (if any). */
export function formatCluster(c: ClusterBody, now = Date.now()): string {
  const age = (iso: string) => `${((now - Date.parse(iso)) / 1000).toFixed(1)} s ago`;
  const lines = [`${c.instances.length} instance(s), lease ${c.leaseMs} ms (answered by ${c.instance})`];
  for (const i of c.instances)
    lines.push(
      [
        `${i.self ? '*' : ' '} ${i.id}`.padEnd(24),
        i.host.padEnd(16),
        `v${i.version}`.padEnd(10),
        `heartbeat ${age(i.heartbeatAt)}`.padEnd(26),
        `${i.olts.length} OLT(s)${i.olts.length ? ': ' + i.olts.join(', ') : ''}`,
      ].join(' '),
    );
  if (c.unowned.length) lines.push(`  not owned now: ${c.unowned.join(', ')}`);
  return lines.join('\n');
}

export function registerCluster(program: Command): void {
  program
    .command('cluster')
    .description(
      'controller instances, their heartbeats and the OLTs each monitors ($PONCTL_URL, operator $PONCTL_KEY)',
    )
    .option('--json', 'print the cluster as JSON')
    .action(async (o: { json?: boolean }) => {
      const r = await oltApi('GET', '/v1/cluster', 'cluster');
      if (!r) return;
      if (!r.ok) return reportApiError('cluster', r, o.json);
      process.stdout.write(
        (o.json ? JSON.stringify(r.body) : formatCluster(r.body as unknown as ClusterBody)) + '\n',
      );
    });
}
