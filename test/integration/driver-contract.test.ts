/** The driver contract suite (driver-contract.ts) against NETCONF and the ZXA10 CLI (C300, C600) over the lab. */
import { Lab } from '../../simulators/lab/index.ts';
import { NetconfOltDriver } from '../../src/adapters/driven/olt/netconf/index.ts';
import { CliOltDriver } from '../../src/adapters/driven/olt/zxa10-cli/cli-driver.ts';
import { loadDeviceProfile } from '../../src/adapters/driven/olt/registry.ts';
import { driverContract, type ContractTarget } from './driver-contract.ts';

function target(name: string, profileName: string, protocol: 'netconf' | 'cli'): ContractTarget {
  return {
    name,
    async setup() {
      const lab = await Lab.start({ olts: 1, pons: 1, onts: 4, profiles: [profileName] });
      const o = lab.inventory().olts[0];
      const p = loadDeviceProfile(profileName);
      const creds = { username: o.credentials.username, password: o.credentials.password };
      return {
        sim: lab.findOlt(o.name)!,
        protocol,
        serials: o.pons[0].onts.map((x) => x.serial),
        driver: () =>
          protocol === 'netconf'
            ? new NetconfOltDriver({
                host: o.host,
                port: o.ports.netconf,
                ...creds,
                profile: { name: p.name, capabilities: p.capabilities },
              })
            : new CliOltDriver({
                host: o.host,
                port: o.ports.cli,
                ...creds,
                profile: { name: p.name, capabilities: p.capabilities, cli: p.cli },
              }),
        teardown: () => lab.close(),
      };
    },
  };
}

driverContract(target('NETCONF (ponctl-sim-netconf)', 'ponctl-sim-netconf', 'netconf'));
driverContract(target('ZXA10 CLI, C300 naming', 'zxa10-c300', 'cli'));
driverContract(target('ZXA10 CLI, C600 naming', 'zxa10-c600', 'cli'));
