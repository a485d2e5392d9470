/**
 * The command tree of every mode of each family, built once per family from commands-*.ts and
 * show-commands.ts. What is not in a mode's tree is unknown input there.
 */
import type { Zxa10Family } from '../family.ts';
import type { Handler, ModeGrammars } from './context.ts';
import { Grammar } from './grammar.ts';
import { addCommon } from './handlers.ts';
import { addShowCommands } from './show-commands.ts';
import {
  addConfigCommands,
  addGponCommands,
  addMvlanCommands,
  addOltCommands,
  addPonCommands,
  addUplinkCommands,
} from './commands-config.ts';
import { addOnuCommands, addVportCommands } from './commands-onu.ts';
import { addMngCommands } from './commands-mng.ts';

const cache = new Map<string, ModeGrammars>();

export function grammarsOf(fam: Zxa10Family, startedAt: number): ModeGrammars {
  const key = `${fam.id}:${startedAt}`;
  let g = cache.get(key);
  if (g) return g;
  const mk = (kind: keyof ModeGrammars, add?: (x: Grammar<Handler>) => void): Grammar<Handler> => {
    const x = new Grammar<Handler>();
    addCommon(x, kind);
    addShowCommands(x, fam.id, startedAt);
    add?.(x);
    return x;
  };
  g = {
    exec: mk('exec'),
    config: mk('config', (x) => addConfigCommands(x, fam.id)),
    olt: mk('olt', (x) => addOltCommands(x, fam.id)),
    onu: mk('onu', (x) => addOnuCommands(x, fam.id)),
    vport: mk('vport', addVportCommands),
    mng: mk('mng', (x) => addMngCommands(x, fam.id)),
    gpon: mk('gpon', addGponCommands),
    pon: mk('pon', addPonCommands),
    mvlan: mk('mvlan', addMvlanCommands),
    uplink: mk('uplink', addUplinkCommands),
  };
  cache.set(key, g);
  return g;
}
