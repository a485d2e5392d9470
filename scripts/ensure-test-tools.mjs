#!/usr/bin/env node
// pretest (design §3, §9): the interop tests drive tools no one here wrote. Install the Debian
// packages that provide them when missing and we are root; otherwise stop with the one apt-get line.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needs = [
  { pkg: 'netconfd', check: () => has('netconfd') },
  { pkg: 'yangcli', check: () => has('yangcli') },
  {
    pkg: 'python3-ncclient',
    check: () =>
      existsSync('/usr/bin/python3') &&
      spawnSync('/usr/bin/python3', ['-c', 'import ncclient'], { stdio: 'ignore' }).status === 0,
  },
  { pkg: 'snmp', check: () => has('snmpbulkwalk') && has('snmptrap') },
  { pkg: 'snmptrapd', check: () => existsSync('/usr/sbin/snmptrapd') || has('snmptrapd') },
  // the ZXA10 simulator's SNMP error semantics are compared against a real snmpd (issue 18)
  { pkg: 'snmpd', check: () => existsSync('/usr/sbin/snmpd') },
  { pkg: 'libyang2-tools', check: () => has('yanglint') },
  { pkg: 'openssh-server', check: () => existsSync('/usr/sbin/sshd') },
  { pkg: 'chromium', check: () => existsSync('/usr/bin/chromium') },
  // `ponctl completion zsh` is sourced by zsh itself (test/integration/cli-completion.test.ts)
  { pkg: 'zsh', check: () => has('zsh') },
];

function has(cmd) {
  return (
    spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0 ||
    existsSync(`/usr/sbin/${cmd}`) ||
    existsSync(`/usr/bin/${cmd}`)
  );
}

const missing = needs.filter((n) => !n.check()).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);
const line = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
if (process.getuid?.() !== 0) {
  console.error(
    `The interop tests need Debian packages that are missing. Run as root:\n  apt-get update && ${line}`,
  );
  process.exit(1);
}
console.error(`pretest: installing ${missing.join(', ')} …`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('sh', ['-c', `apt-get update -qq && ${line}`], { stdio: 'inherit', env });
