/**
 * The driver contract suite (driver-contract.ts) against NETCONF over the lab — the lab's OLT in the
 * BBF models (bbf-tr385, a validator of its own) — and
 * against a BBF NETCONF server whose datastore libyang validates (issue 12): after every scenario on
 * a BBF OLT, ncclient reads the running configuration and yanglint validates it against the modules
 * in ../shared/standards.
 */
import { expect } from 'vitest';
import { Lab } from '../../simulators/lab/index.ts';
import { NetconfOltDriver } from '../../src/adapters/driven/olt/netconf/index.ts';
import { bbfYang, ncclientRunningValid } from '../helpers/bbf-yang.ts';
import { startLibyangNetconf } from '../helpers/libyang-netconf-server.ts';
import { BBF_INFRASTRUCTURE } from '../helpers/bbf-infrastructure.ts';
import { driverContract, type ContractTarget } from './driver-contract.ts';
import { bbfOltOf } from '../../simulators/bbf-olt/index.ts';

/** The lab's OLT in the BBF models (profile bbf-tr385, simulators/bbf-olt: a validator of its own). */
const labBbfTarget: ContractTarget = {
  name: 'NETCONF in the BBF models (lab OLT, bbf-tr385)',
  async setup() {
    const lab = await Lab.start({ olts: 1, pons: 1, onts: 4, profiles: ['bbf-tr385'] });
    const o = lab.inventory().olts[0];
    const sim = lab.findOlt(o.name)!;
    const ds = bbfOltOf(sim).ds;
    const initial = ds.running;
    const creds = { username: o.credentials.username, password: o.credentials.password };
    const read = async () => (await ncclientRunningValid({ port: o.ports.netconf, ...creds })).running;
    return {
      protocol: 'netconf',
      serials: o.pons[0].onts.map((x) => x.serial),
      snapshot: read,
      onuIds: async () =>
        [...(await read()).matchAll(/<onu-id>(\d+)<\/onu-id>\s*<channel-partition>cpart-1\.1\.1</g)]
          .map((m) => Number(m[1]))
          .sort((a, b) => a - b),
      reset: () => {
        ds.discardCandidate();
        ds.check(initial).accept();
      },
      failNextChange: () => (sim.faults.failOnOp = 1),
      clearFailure: () => (sim.faults.failOnOp = null),
      async afterScenario() {
        const r = await ncclientRunningValid({ port: o.ports.netconf, ...creds });
        expect(r.errors, 'running configuration read by ncclient, checked by yanglint').toEqual([]);
      },
      driver: () => new NetconfOltDriver({ host: o.host, port: o.ports.netconf, ...creds }),
      teardown: () => lab.close(),
    };
  },
};

const libyangTarget: ContractTarget = {
  name: 'NETCONF in the BBF models (libyang-validated server)',
  async setup() {
    const server = await startLibyangNetconf(bbfYang(), { infrastructure: BBF_INFRASTRUCTURE });
    const serials = ['ZTEGC0FFEE01', 'ZTEGC0FFEE02', 'ZTEGC0FFEE03', 'ZTEGC0FFEE04'];
    const creds = { username: server.username, password: server.password };
    return {
      protocol: 'netconf',
      serials,
      snapshot: () => server.running(),
      onuIds: () =>
        [...server.running().matchAll(/<onu-id>(\d+)<\/onu-id><channel-partition>cpart-1\.1\.1</g)]
          .map((m) => Number(m[1]))
          .sort((a, b) => a - b),
      reset: () => server.reset(),
      failNextChange: () => server.failNextEdits(1),
      clearFailure: () => server.failNextEdits(0),
      async afterScenario() {
        const r = await ncclientRunningValid({ port: server.port, ...creds });
        expect(r.errors, 'running configuration read by ncclient, checked by yanglint').toEqual([]);
      },
      driver: () => new NetconfOltDriver({ host: '127.0.0.1', port: server.port, ...creds }),
      teardown: () => server.close(),
    };
  },
};

driverContract(libyangTarget);
driverContract(labBbfTarget);
// ZXA10 C300/C600: the real dialect's contract against the lab's independent simulator and recorded
// sessions is zxa10-driver-contract.test.ts
