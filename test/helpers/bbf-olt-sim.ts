/**
 * The lab's BBF OLT (simulators/bbf-olt) on its own: a SimOlt with the NETCONF subsystem speaking
 * the BBF models behind an SSH server on an ephemeral port, and the research's reference subscriber
 * (test/fixtures/bbf/one-subscriber.xml) minus the infrastructure such an OLT already has.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SimOlt } from '../../simulators/core/topology.ts';
import { SimSshServer } from '../../simulators/ssh/server.ts';
import { bbfNetconfSubsystem, bbfOltOf, type BbfOlt } from '../../simulators/bbf-olt/index.ts';

export { RawNetconfClient, NC_BASE } from './raw-netconf.ts';

export const BBF_CREDENTIALS = { username: 'ponctl', password: 'ponctl-lab' };
const FIXTURES = fileURLToPath(new URL('../fixtures/bbf/', import.meta.url));

export interface BbfOltSim {
  sim: SimOlt;
  olt: BbfOlt;
  port: number;
  close(): Promise<void>;
}

export async function startBbfOltSim(
  o: { pons?: number; onts?: number; index?: number } = {},
): Promise<BbfOltSim> {
  const sim = new SimOlt({
    name: 'olt-bbf',
    profile: 'bbf-tr385',
    pons: o.pons ?? 2,
    ontsPerPon: o.onts ?? 4,
    index: o.index ?? 0,
  });
  const server = new SimSshServer({
    olt: sim,
    credentials: BBF_CREDENTIALS,
    subsystems: { netconf: bbfNetconfSubsystem(sim, 'bbf-tr385') },
  });
  const port = await server.listen(0);
  return { sim, olt: bbfOltOf(sim), port, close: () => server.close() };
}

/** The reference configuration's top-level elements, without comments and the XML declaration. */
export function referenceXml(file = 'one-subscriber.xml'): string {
  return readFileSync(`${FIXTURES}${file}`, 'utf8')
    .replace(/^<\?xml[^>]*>/, '')
    .replace(/<!--[\s\S]*?-->/g, '');
}

/** The reference minus the infrastructure of PON 1/1/1 and the uplink (the OLT has them from the start). */
export function referenceSubscriber(file = 'one-subscriber.xml'): string {
  return referenceXml(file)
    .replace(/<interface>\s*<name>(cg|cpart|cpair|ct)-1\.1\.1<\/name>[\s\S]*?<\/interface>/g, '')
    .replace(/<interface>\s*<name>uplink-1<\/name>[\s\S]*?<\/interface>/, '');
}
