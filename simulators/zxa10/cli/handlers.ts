/**
 * Building blocks of command handlers: the configuration block a mode edits, storing a line under
 * its key, entering modes by interface name, and the commands every mode has (end, exit, write,
 * configure terminal, terminal length, `!` comments).
 */
import type { Block, OnuEntry } from '../config/model.ts';
import { CODE, lineError, paramError, type CmdCtx, type Handler, type Mode, type Reply } from './context.ts';
import type { Grammar } from './grammar.ts';

export function entryOf(c: CmdCtx): OnuEntry | undefined {
  const m = c.mode;
  return m.kind === 'onu' || m.kind === 'mng' || m.kind === 'vport' ? c.cfg.onu(m.pon, m.onuId) : undefined;
}

/** The configuration block the current mode edits. */
export function blockOf(c: CmdCtx): Block {
  const m = c.mode;
  switch (m.kind) {
    case 'olt':
      return c.cfg.pons.get(m.pon)!.block;
    case 'onu':
      return entryOf(c)!.iface;
    case 'mng':
      return entryOf(c)!.mng;
    case 'vport':
      return c.cfg.vport(entryOf(c)!, m.vport);
    case 'gpon':
      return c.cfg.gpon;
    case 'pon':
      return c.cfg.pon;
    case 'mvlan':
      return c.cfg.mvlan(m.mvlan);
    case 'uplink':
      return c.cfg.uplink(m.name);
    default:
      return c.cfg.global;
  }
}

/** A handler that stores the canonical line under `key(c)` (default: the line itself). */
export function store(key?: (c: CmdCtx) => string, check?: (c: CmdCtx) => Reply | undefined): Handler {
  return (c) => {
    const bad = check?.(c);
    if (bad) return bad;
    blockOf(c).set(key ? key(c) : c.line, c.line);
    c.cfg.changed({ kind: 'line' });
  };
}

/** A handler that removes the line under `key(c)` (an undo form). */
export function remove(key: (c: CmdCtx) => string): Handler {
  return (c) => {
    blockOf(c).delete(key(c));
    c.cfg.changed({ kind: 'line' });
  };
}

/** Key made of the first `n` words of the canonical line. */
export const firstWords =
  (n: number) =>
  (c: CmdCtx): string =>
    c.line.split(' ').slice(0, n).join(' ');

/** `1/S/P` of an interface name of either family, e.g. `gpon-onu_1/1/1:5` → pon `1/1/1`, onu 5. */
export function parseIfName(name: string): { pon: string; onuId?: number; vport?: number } {
  const m = /(\d+\/\d+\/\d+)(?:[:.](\d+))?(?::(\d+))?$/.exec(name);
  if (!m) return { pon: '' };
  return {
    pon: m[1],
    onuId: m[2] === undefined ? undefined : Number(m[2]),
    vport: m[3] === undefined ? undefined : Number(m[3]),
  };
}

/** Enter a PON port mode: the port must exist on this OLT. */
export function enterOlt(arg = 'ifname'): Handler {
  return (c) => {
    const { pon } = parseIfName(c.args[arg]);
    if (!c.cfg.pons.has(pon)) return paramError(c, arg);
    c.setMode({ kind: 'olt', pon });
  };
}

/**
 * Enter an ONU's interface or pon-onu-mng mode. The ONU must be configured: what real firmware
 * answers for a free id here is NOT RECORDED; C3xx answers with the line it prints for `no onu N` on
 * a free id (live), TITAN with its invalid-input line at the name.
 */
export function enterOnu(kind: 'onu' | 'mng', arg = 'ifname'): Handler {
  return (c) => {
    const { pon, onuId } = parseIfName(c.args[arg]);
    if (!c.cfg.pons.has(pon)) return paramError(c, arg);
    if (!c.cfg.onu(pon, onuId!)) return c.fam.id === 'c300' ? lineError(CODE.onuMissing) : paramError(c, arg);
    c.setMode({ kind, pon, onuId: onuId! });
  };
}

export function enterVport(arg = 'ifname'): Handler {
  return (c) => {
    const { pon, onuId, vport } = parseIfName(c.args[arg]);
    if (!c.cfg.onu(pon, onuId!) || !vport) return paramError(c, arg);
    c.setMode({ kind: 'vport', pon, onuId: onuId!, vport });
  };
}

const parent = (m: Mode): Mode => (m.kind === 'config' ? { kind: 'exec' } : { kind: 'config' });

function logout(c: CmdCtx): Reply | void {
  if (c.cfg.version === c.cfg.savedVersion) return { logout: true };
  // errors/c300-live-errors-boss-app.txt: the prompt after changes; junk → "%Error 20205" (paraphrase)
  c.session.ask('The configuration is changed,confirm to logout without saving?\r\n   [yes/no]:', (a) => {
    const w = a.trim().toLowerCase();
    if (w === 'yes' || w === 'y') return { logout: true };
    if (w === 'no' || w === 'n') return {};
    return { error: { kind: 'line', text: '%Error 20205: Invalid input detected' } };
  });
}

/** Commands of every mode: navigation, save, paging. */
export function addCommon(g: Grammar<Handler>, kind: Mode['kind']): void {
  // `!` starts a comment line in ZXR10 configuration text (NSO sample pastes it between blocks)
  g.add('!', () => undefined);
  if (kind === 'exec') {
    g.add('configure terminal', (c) => {
      c.setMode({ kind: 'config' });
      // c300/info-20272-config-mode.txt (2+ live, V2.1); TITAN's answer is NOT RECORDED: none
      if (c.fam.id === 'c300')
        return { lines: ['%Info 20272: Enter configuration commands, one per line. End with CTRL/Z.'] };
    });
    g.add('terminal length <0-512:n>', (c) => {
      c.session.setPageLength(Number(c.args.n));
    });
    g.add('exit', logout);
    g.add('quit', logout);
    g.add('write', (c) => {
      // output of `write` is NOT RECORDED on either family: nothing is printed
      c.cfg.savedVersion = c.cfg.version;
    });
    return;
  }
  g.add('end', (c) => c.setMode({ kind: 'exec' }));
  g.add('exit', (c) => c.setMode(parent(c.mode)));
  // TITAN configuration text closes blocks with `$` (c600/provision-c600-vport-map-scripts.txt pastes it)
  g.add('$', (c) =>
    c.fam.id === 'c600' ? c.setMode(parent(c.mode)) : { error: { kind: 'invalid', at: 0 } },
  );
  g.add('write', (c) => {
    // C600 saves only at ZXAN# (c600/cli-notes-c600-v1.2.2.md, live): 140303 in config modes
    if (c.fam.id === 'c600') return { error: { kind: 'invalid', at: 0 } };
    c.cfg.savedVersion = c.cfg.version;
  });
}
