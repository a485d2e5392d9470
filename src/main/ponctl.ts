/**
 * The `ponctl` executable's entry (bin/ponctl): the CLI program (adapters/driving/cli) given what its
 * commands need from the composition root — starting the controller or the lab, the configured store.
 */
import { openStore } from '../adapters/driven/store/index.ts';
import { buildProgram, runProgram } from '../adapters/driving/cli/program.ts';
import { FAULT_KINDS } from '../../simulators/core/faults.ts';
import { loadConfig } from './config.ts';
import { PONCTL_VERSION } from './version.ts';
import { rotateSecrets } from './secrets.ts';
import { startPonctl } from './start.ts';

const program = buildProgram({
  version: PONCTL_VERSION,
  start: () => startPonctl(loadConfig()),
  async startLab(o) {
    const { Lab, progressPrinter } = await import('../../simulators/lab/index.ts');
    return Lab.start({
      olts: o.olts,
      firstOlt: o.firstOlt,
      oltStep: o.oltStep,
      pons: o.pons,
      onts: o.onts,
      profiles: o.profiles,
      dataDir: loadConfig().dataDir,
      trapReceivers: o.trapReceivers,
      ports: o.controlPort ? { control: o.controlPort } : undefined,
      onProgress: o.showProgress ? progressPrinter(o.olts * o.pons * o.onts) : undefined,
    });
  },
  faultKinds: FAULT_KINDS,
  dataDir: () => loadConfig().dataDir,
  async rotateSecrets(o) {
    const config = loadConfig();
    const store = await openStore(config.store);
    try {
      return await rotateSecrets(config, store, o);
    } finally {
      await store.close();
    }
  },
  async withStore(fn) {
    const store = await openStore(loadConfig().store);
    try {
      await fn(store);
    } finally {
      await store.close();
    }
  },
});

await runProgram(program, process.argv);
