/**
 * `ponctl olt add|list|show|edit|remove|test|trust` and `ponctl olts` (issue 14 items 1–2, 8): the
 * OLT registry through the API ($PONCTL_URL, operator key in $PONCTL_KEY). Secrets are given as
 * options or, better, in the environment (PONCTL_OLT_PASSWORD, PONCTL_OLT_COMMUNITY,
 * PONCTL_OLT_AUTH_KEY, PONCTL_OLT_PRIV_KEY) so they stay out of shell history; they are never shown.
 */
import type { Command } from 'commander';
import { authHeaders, controllerBase, reportApiError } from './olt-api.ts';
import { outputFormat, table, type Column } from './output.ts';

interface OltRow {
  id: string;
  profile: string;
  protocol: string;
  host: string;
  site?: string;
  ports: Record<string, number>;
  maintenance: boolean;
  needsReconciliation: boolean;
  hostKey: { state: string; pinned?: string; presented?: string };
  credentials: { ssh?: { username: string } };
}

const COLUMNS: Column<OltRow>[] = [
  { header: 'name', value: (o) => o.id },
  { header: 'profile', value: (o) => o.profile },
  { header: 'host', value: (o) => o.host },
  { header: 'site', value: (o) => o.site },
  { header: 'host key', value: (o) => o.hostKey.state },
  { header: 'reconcile', value: (o) => (o.needsReconciliation ? 'yes' : 'no') },
  { header: 'maintenance', value: (o) => (o.maintenance ? 'yes' : 'no'), wide: true },
  {
    header: 'ports',
    value: (o) =>
      Object.entries(o.ports)
        .map(([k, v]) => `${k}:${v}`)
        .join(','),
    wide: true,
  },
  { header: 'user', value: (o) => o.credentials.ssh?.username, wide: true },
  { header: 'fingerprint', value: (o) => o.hostKey.pinned ?? o.hostKey.presented, wide: true },
];

async function api(method: string, path: string, body?: unknown) {
  const base = controllerBase();
  const res = await fetch(`${base}${path}`, {
    method,
    headers: authHeaders(body === undefined ? {} : { 'content-type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch((e: Error) => {
    throw new Error(`cannot reach the controller at ${base}: ${e.message}`);
  });
  const text = await res.text();
  return { ok: res.ok, status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

interface OltOpts {
  host?: string;
  site?: string;
  profile?: string;
  detect?: boolean;
  protocol?: string;
  netconfPort?: string;
  cliPort?: string;
  snmpPort?: string;
  user?: string;
  password?: string;
  keyFile?: string;
  community?: string;
  snmpV3User?: string;
  hostKey?: string;
  maintenance?: boolean;
  pollMs?: string;
  output?: string;
}

function bodyOf(o: OltOpts, env = process.env): Record<string, unknown> {
  const ports: Record<string, number> = {};
  if (o.netconfPort) ports.netconf = Number(o.netconfPort);
  if (o.cliPort) ports.cli = Number(o.cliPort);
  if (o.snmpPort) ports.snmp = Number(o.snmpPort);
  const password = o.password ?? env.PONCTL_OLT_PASSWORD;
  const community = o.community ?? env.PONCTL_OLT_COMMUNITY;
  const ssh = o.user ? { username: o.user, ...(password ? { password } : {}) } : undefined;
  const snmp =
    community || env.PONCTL_OLT_AUTH_KEY
      ? {
          ...(community ? { community } : {}),
          ...(env.PONCTL_OLT_AUTH_KEY ? { authKey: env.PONCTL_OLT_AUTH_KEY } : {}),
          ...(env.PONCTL_OLT_PRIV_KEY ? { privKey: env.PONCTL_OLT_PRIV_KEY } : {}),
        }
      : undefined;
  return {
    ...(o.host ? { host: o.host } : {}),
    ...(o.site ? { site: o.site } : {}),
    ...(o.profile ? { profile: o.profile } : {}),
    ...(o.protocol ? { protocol: o.protocol } : {}),
    ...(Object.keys(ports).length ? { ports } : {}),
    ...(ssh || snmp ? { credentials: { ...(ssh ? { ssh } : {}), ...(snmp ? { snmp } : {}) } } : {}),
    ...(o.snmpV3User
      ? { snmp: { version: 'v3', user: o.snmpV3User, authProtocol: 'SHA', privProtocol: 'AES' } }
      : {}),
    ...(o.hostKey ? { hostKey: o.hostKey } : {}),
    ...(o.maintenance !== undefined ? { maintenance: o.maintenance } : {}),
    ...(o.pollMs ? { poll: { snmpMs: Number(o.pollMs) } } : {}),
  };
}

const withOltOptions = (c: Command) =>
  c
    .option('--host <addr>', 'management address')
    .option('--site <site>', 'where the OLT stands')
    .option('--profile <name>', 'device profile (device-profiles/NAME.json)')
    .option('--protocol <p>', 'netconf or cli (default: the profile’s)')
    .option('--netconf-port <n>', 'NETCONF port (830)')
    .option('--cli-port <n>', 'SSH CLI port (22)')
    .option('--snmp-port <n>', 'SNMP port (161)')
    .option('--user <name>', 'SSH user')
    .option('--password <pw>', 'SSH password (better: PONCTL_OLT_PASSWORD)')
    .option('--community <c>', 'SNMP v2c community (better: PONCTL_OLT_COMMUNITY)')
    .option('--snmp-v3-user <u>', 'SNMPv3 user (keys in PONCTL_OLT_AUTH_KEY / PONCTL_OLT_PRIV_KEY)')
    .option('--host-key <fp>', 'pin this SSH host key now (SHA256:… from ssh-keygen -lf)')
    .option('--poll-ms <ms>', 'SNMP poll interval')
    .option('-o, --output <format>', 'json or wide');

function print(
  r: { ok: boolean; status: number; body: Record<string, unknown> },
  cmd: string,
  o: OltOpts,
  human: () => string,
) {
  const format = outputFormat(o);
  if (!r.ok) return reportApiError(cmd, r, format === 'json');
  process.stdout.write(format === 'json' ? JSON.stringify(r.body) + '\n' : human());
}

const showOne = (b: Record<string, unknown>) => table([b as unknown as OltRow], COLUMNS, 'wide');

async function list(o: OltOpts) {
  const r = await api('GET', '/v1/olts');
  print(r, 'olt list', o, () => table((r.body.olts ?? []) as OltRow[], COLUMNS, outputFormat(o)));
}

export function registerOlt(program: Command): void {
  const olt = program.command('olt').description('the OLT registry (operator key)');
  withOltOptions(olt.command('add').description('register an OLT').argument('<name>'))
    .option('--detect', 'ask the OLT which profile it is')
    .action(async (name: string, o: OltOpts) => {
      const r = await api('POST', '/v1/olts', { name, ...bodyOf(o), ...(o.detect ? { detect: true } : {}) });
      print(r, 'olt add', o, () => {
        const hk = (r.body.hostKey as OltRow['hostKey']).state;
        return (
          showOne(r.body) +
          (hk === 'pending'
            ? `host key pending: nothing is written until \`ponctl olt trust ${name}\` (see \`ponctl olt test ${name}\`)\n`
            : '')
        );
      });
    });
  olt
    .command('list')
    .description('the registered OLTs')
    .option('-o, --output <format>', 'json or wide')
    .action(list);
  program
    .command('olts')
    .description('the registered OLTs (= olt list)')
    .option('-o, --output <format>', 'json or wide')
    .action(list);
  olt
    .command('show')
    .argument('<name>')
    .option('-o, --output <format>', 'json')
    .action(async (name: string, o: OltOpts) => {
      const r = await api('GET', `/v1/olts/${encodeURIComponent(name)}`);
      print(r, 'olt show', o, () => JSON.stringify(r.body, null, 2) + '\n');
    });
  withOltOptions(olt.command('edit').description('change what is given').argument('<name>'))
    .option('--maintenance', 'in maintenance')
    .option('--no-maintenance', 'out of maintenance')
    .action(async (name: string, o: OltOpts) => {
      const r = await api('PATCH', `/v1/olts/${encodeURIComponent(name)}`, bodyOf(o));
      print(r, 'olt edit', o, () => showOne(r.body));
    });
  olt
    .command('remove')
    .description('remove an OLT (refused while subscribers are on it)')
    .argument('<name>')
    .action(async (name: string) => {
      const r = await api('DELETE', `/v1/olts/${encodeURIComponent(name)}`);
      print(r, 'olt remove', {}, () => `removed ${name}\n`);
    });
  olt
    .command('test')
    .description('connect over each protocol and report what was found (nothing is written)')
    .argument('<name>')
    .option('-o, --output <format>', 'json')
    .action(async (name: string, o: OltOpts) => {
      const r = await api('POST', `/v1/olts/${encodeURIComponent(name)}/test`);
      print(r, 'olt test', o, () => {
        const b = r.body as {
          protocols: {
            protocol: string;
            port: number;
            reachable: boolean;
            authenticated: boolean;
            hostKey?: string;
            error?: { code: string; message: string };
          }[];
          model?: string;
          firmware?: string;
          detectedProfile?: string;
          capabilities: string[];
          onts?: number;
        };
        const rows = table(b.protocols, [
          { header: 'protocol', value: (p) => p.protocol },
          { header: 'port', value: (p) => p.port },
          { header: 'reachable', value: (p) => (p.reachable ? 'yes' : 'no') },
          { header: 'authenticated', value: (p) => (p.authenticated ? 'yes' : 'no') },
          { header: 'error', value: (p) => (p.error ? `${p.error.code}: ${p.error.message}` : '') },
        ]);
        return (
          rows +
          `model: ${b.model ?? '-'}  firmware: ${b.firmware ?? '-'}  profile: ${b.detectedProfile ?? '-'}  ONTs: ${b.onts ?? '-'}\n` +
          `capabilities: ${b.capabilities.length}${b.capabilities.length ? ` (${b.capabilities.slice(0, 5).join(' ')}${b.capabilities.length > 5 ? ' …' : ''})` : ''}\n`
        );
      });
    });
  olt
    .command('trust')
    .description('pin the SSH host key the OLT presented (or --host-key FP); writes resume')
    .argument('<name>')
    .option('--host-key <fp>', 'the fingerprint to pin (check it with the OLT’s console)')
    .option('-o, --output <format>', 'json')
    .action(async (name: string, o: OltOpts) => {
      const r = await api(
        'POST',
        `/v1/olts/${encodeURIComponent(name)}/trust`,
        o.hostKey ? { hostKey: o.hostKey } : {},
      );
      print(
        r,
        'olt trust',
        o,
        () => `${name}: host key ${(r.body.hostKey as OltRow['hostKey']).pinned} trusted\n`,
      );
    });
}
