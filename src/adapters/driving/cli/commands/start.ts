/**
 * `ponctl start` (design §3, §5): the controller, with the simulated lab unless PONCTL_LAB=0, on the
 * configured store; seeds the demo data on first start and prints the listen URL and the demo API
 * keys. `--json` prints one JSON line `{ url, store, lab, keys }` first (for scripts and tests).
 * What starts is the composition root's (src/main/start.ts); this command prints it and stops it on
 * SIGINT / SIGTERM.
 */
import type { Command } from 'commander';
import type { CliDeps } from '../deps.ts';

export function registerStart(program: Command, deps: Pick<CliDeps, 'start'>): void {
  program
    .command('start')
    .description('run the controller (API, dashboard, workers) with the simulated lab unless PONCTL_LAB=0')
    .option('--json', 'print { url, store, lab, keys } as the first stdout line')
    .action(async (o: { json?: boolean }) => {
      const running = await deps.start();
      const { url, keys } = running;

      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        process.stderr.write(`\n${signal}: stopping\n`);
        await running.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));

      if (o.json) {
        process.stdout.write(
          JSON.stringify({
            url,
            store: running.store,
            lab: running.lab?.inventoryFile ?? null,
            keys: keys ?? null,
          }) + '\n',
        );
        return;
      }
      const out: string[] = [];
      out.push(
        `ponctl controller listening on ${url}  (store: ${running.storeDescription}; clock: ${running.clock})`,
      );
      out.push(`NOC dashboard: ${url}/noc    OpenAPI: ${url}/openapi.json`);
      if (running.lab)
        out.push(
          `lab: ${running.lab.olts.map((x) => `${x.name} (${x.profile})`).join(', ')}; inventory in ${running.lab.inventoryFile}`,
        );
      else out.push('lab: not started (PONCTL_LAB=0)');
      if (!keys) {
        // issue 14 item 4: a production start has no demo data and makes no key
        out.push(
          `production start: ${running.olts ?? 0} OLT(s) registered; no demo data`,
          '',
          'first steps:',
          '  ponctl keys create --operator --name "NOC Zagreb"     (the first operator key, shown once)',
          '  ponctl olt add NAME --host ADDR --profile PROFILE …  (or POST /v1/olts)',
          '  ponctl coverage import FILE.csv; ponctl stock import FILE.csv',
        );
        process.stdout.write(out.join('\n') + '\n');
        return;
      }
      out.push(running.seeded ? 'demo data seeded: coverage, SPs, ONT stock' : 'demo data present');
      out.push('', `demo API keys (kept in ${running.keysFile}):`);
      out.push(`  operator   ${keys.operator}`);
      for (const sp of running.demoSps)
        out.push(
          `  ${sp.id.padEnd(9)}  ${keys.sps[sp.id]}   ${sp.name}${sp.region ? `, region ${sp.region}` : ''}`,
        );
      const free = running.freeAddress;
      if (free) {
        const body = {
          form: 'BSNA',
          category: 'activation',
          address: free.address,
          contact: { name: 'Ana Anić', phone: '+385 1 555 0101' },
          ownerInstallsHome: false,
          ontSerial: free.serial,
          accessLevel: 'regional',
          services: { internet: '300/150', iptv: 50, voip: '1/1', management: true },
        };
        out.push('', 'try (as sp-alpha):');
        out.push(
          `  curl -s -H 'Authorization: Bearer ${keys.sps['sp-alpha']}' '${url}/v1/coverage?city=Zagreb'`,
        );
        out.push(
          `  curl -s -H 'Authorization: Bearer ${keys.sps['sp-alpha']}' -H 'content-type: application/json' ${url}/v1/orders -d '${JSON.stringify(body)}'`,
        );
      }
      process.stdout.write(out.join('\n') + '\n');
    });
}
