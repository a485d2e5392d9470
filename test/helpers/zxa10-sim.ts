/**
 * Test helpers for the independent ZXA10 simulator (simulators/zxa10): one simulated C300 or C600
 * whose shell answers over SSH on an ephemeral port of 127.0.0.1, and the fixture reader for
 * test/fixtures/zxa10 (header lines, then `# ---`, then the body).
 */
import { readFileSync } from 'node:fs';
import { SimOlt } from '../../simulators/core/topology.ts';
import { SimSshServer } from '../../simulators/ssh/server.ts';
import { familyOfProfile, zxa10Of, zxa10Shell, type Zxa10Olt } from '../../simulators/zxa10/index.ts';
import { CliClient } from './cli-sim.ts';

export const ZXA10_CREDENTIALS = { username: 'zte', password: 'zte-lab' };

export interface Zxa10Sim {
  olt: SimOlt;
  z: Zxa10Olt;
  port: number;
  close(): Promise<void>;
}

export async function startZxa10Sim(
  profile: 'zxa10-c300' | 'zxa10-c600',
  opts: { pons?: number; onts?: number; hostname?: string } = {},
): Promise<Zxa10Sim> {
  const olt = new SimOlt({
    name: 'olt-z',
    profile,
    pons: opts.pons ?? 2,
    ontsPerPon: opts.onts ?? 8,
    index: 1,
  });
  const z = zxa10Of(olt, familyOfProfile(profile)!, opts.hostname);
  const server = new SimSshServer({ olt, credentials: ZXA10_CREDENTIALS, shell: zxa10Shell(z) });
  const port = await server.listen(0);
  return { olt, z, port, close: () => server.close() };
}

/** A logged-in client with paging off (`terminal length 0`, as every public client sends first). */
export async function zxa10Client(
  sim: Zxa10Sim,
  pagingOff = true,
): Promise<{ c: CliClient; banner: string }> {
  const c = new CliClient();
  const banner = await c.connect(sim.port, { rows: 24, cols: 80 }, ZXA10_CREDENTIALS);
  if (pagingOff) await c.cmd('terminal length 0');
  return { c, banner };
}

/** The body of a fixture file (after the `# ---` line), verbatim. */
export function fixtureBody(rel: string): string {
  const text = readFileSync(new URL(`../fixtures/zxa10/${rel}`, import.meta.url), 'utf8');
  const i = text.indexOf('\n# ---\n');
  if (i < 0) throw new Error(`${rel}: no '# ---' line`);
  return text.slice(i + 7);
}

/** Output lines of a command reply: between the echoed command and the prompt. */
export function replyLines(out: string): string[] {
  return CliClient.body(out);
}
