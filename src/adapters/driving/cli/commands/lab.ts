/**
 * `ponctl lab` (design §3, §5): runs the simulated lab in the foreground; `--json` prints the
 * inventory as the first stdout line. `ponctl lab fault KIND --olt NAME …` injects or clears a fault
 * in the running lab, found through `$PONCTL_DATA_DIR/lab.json`'s `control` URL.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CliDeps } from '../deps.ts';

function intOption(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a whole number: ${v}`);
  return n;
}

interface LabCmdOptions {
  olts: number;
  firstOlt?: number;
  oltStep?: number;
  pons: number;
  onts: number;
  profile?: string;
  json?: boolean;
  controlPort?: number;
  trap?: string[];
}

async function runLab(deps: CliDeps, o: LabCmdOptions): Promise<void> {
  const trapReceivers = (o.trap ?? []).map((t) => {
    const [host, port, community] = t.split(':');
    return { host, port: Number(port), version: 'v2c' as const, community: community || 'public' };
  });
  const started = performance.now();
  const lab = await deps.startLab({
    olts: o.olts,
    firstOlt: o.firstOlt,
    oltStep: o.oltStep,
    pons: o.pons,
    onts: o.onts,
    profiles: o.profile ? o.profile.split(',') : undefined,
    trapReceivers,
    controlPort: o.controlPort,
    // progress goes to stderr: with --json the inventory must stay the first stdout line
    showProgress: true,
  });
  const inv = lab.inventory();
  if (o.json) {
    process.stdout.write(JSON.stringify(inv) + '\n');
  } else {
    const ms = Math.round(performance.now() - started);
    process.stdout.write(
      `lab ready in ${ms} ms; control ${inv.control}; inventory in ${path.join(deps.dataDir(), 'lab.json')}\n`,
    );
    for (const olt of inv.olts) {
      const onts = olt.pons.reduce((n, p) => n + p.onts.length, 0);
      process.stdout.write(
        `  ${olt.name} (${olt.model}, ${olt.profile}) ${olt.host} cli:${olt.ports.cli} netconf:${olt.ports.netconf} snmp:${olt.ports.snmp} — ${olt.pons.length} PON, ${onts} ONT\n`,
      );
    }
    process.stdout.write(
      `  login ${inv.olts[0]?.credentials.username}/${inv.olts[0]?.credentials.password}, community ${inv.olts[0]?.credentials.community}; Ctrl-C stops\n`,
    );
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await lab.close();
}

interface FaultCmdOptions {
  olt: string;
  pon?: string;
  ont?: number;
  value?: string;
  clear?: boolean;
  json?: boolean;
}

async function runFault(deps: CliDeps, kind: string, o: FaultCmdOptions): Promise<void> {
  if (!deps.faultKinds.includes(kind)) {
    throw new Error(`unknown fault kind ${kind}; one of ${deps.faultKinds.join(', ')}`);
  }
  const file = path.join(deps.dataDir(), 'lab.json');
  let control: string;
  try {
    control = (JSON.parse(readFileSync(file, 'utf8')) as { control: string }).control;
  } catch {
    throw new Error(`no running lab found (${file} missing); start one with \`ponctl lab\``);
  }
  const body = {
    kind,
    olt: o.olt,
    pon: o.pon,
    ont: o.ont,
    clear: o.clear === true,
    value: o.value === undefined ? undefined : Number(o.value),
  };
  let res: Response;
  try {
    res = await fetch(`${control}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new Error(`the lab at ${control} does not answer (stale ${file}?)`);
  }
  const out = (await res.json()) as { error?: { message: string }; changed?: number };
  if (!res.ok) throw new Error(out.error?.message ?? `HTTP ${res.status}`);
  if (o.json) process.stdout.write(JSON.stringify(out) + '\n');
  else
    process.stdout.write(
      `${o.clear ? 'cleared' : 'injected'} ${kind} on ${o.olt}${o.pon ? ' ' + o.pon : ''}${o.ont !== undefined ? ':' + o.ont : ''}; ${out.changed ?? 0} ONT state change(s)\n`,
    );
}

export function registerLabCommand(program: Command, deps: CliDeps): void {
  const lab = program
    .command('lab')
    .description('run the simulated OLT/ONT lab in the foreground (design §3)')
    .option('--olts <n>', 'number of OLTs', intOption, 2)
    .option(
      '--first-olt <i>',
      "index (0-based) of this process's first OLT, for one lab spread over processes each with --olts of its own (names, serials, profiles continue from there)",
      intOption,
    )
    .option(
      '--olt-step <s>',
      "with --first-olt: the step between this process's OLTs' indexes (default 1; N processes: N, interleaved)",
      intOption,
    )
    .option('--pons <n>', 'PON ports per OLT', intOption, 2)
    .option('--onts <n>', 'ONTs per PON port', intOption, 16)
    .option('--profile <name>', 'device profile of every OLT (comma list: per OLT, cycled)')
    .option('--control-port <port>', 'port of the control endpoint (default: ephemeral)', intOption)
    .option(
      '--trap <host:port[:community]>',
      'send v2c traps to this receiver (repeatable)',
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option('--json', 'print the inventory as the first stdout line')
    .action(async (o: LabCmdOptions) => runLab(deps, o));
  lab
    .command('fault <kind>')
    .description(`inject or clear a fault in the running lab; KIND: ${deps.faultKinds.join(', ')}`)
    .requiredOption('--olt <name>', 'OLT name from the inventory')
    .option('--pon <R/S/P>', 'PON port')
    .option('--ont <n>', 'ONU id on the PON', intOption)
    .option(
      '--value <x>',
      'rx-degrade dB, reboot ms, latency ms, drop-connection after N ops, fail-commit Nth op',
    )
    .option('--clear', 'clear the fault')
    .option('--json', 'print the result as JSON')
    .action(async (kind: string, _o: FaultCmdOptions, cmd: Command) =>
      runFault(deps, kind, cmd.optsWithGlobals<FaultCmdOptions>()),
    );
}
