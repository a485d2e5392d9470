/**
 * What a command handler of the simulated ZXA10 shell sees: the family, the OLT's configuration and
 * physical model, the mode it was typed in, its arguments — and what it may answer: output lines, a
 * change of mode, or an error line in the family's format (family.ts).
 */
import type { SimOlt } from '../../core/topology.ts';
import type { Zxa10Config } from '../config/model.ts';
import type { Zxa10Family } from '../family.ts';
import type { Args, Grammar } from './grammar.ts';
import type { OntHistory } from '../history.ts';

export type Mode =
  | { kind: 'exec' }
  | { kind: 'config' }
  | { kind: 'olt'; pon: string }
  | { kind: 'onu'; pon: string; onuId: number }
  | { kind: 'vport'; pon: string; onuId: number; vport: number }
  | { kind: 'mng'; pon: string; onuId: number }
  | { kind: 'gpon' }
  | { kind: 'pon' }
  | { kind: 'mvlan'; mvlan: number }
  | { kind: 'uplink'; name: string };

/** An error a handler answers with. `at` is a column of the typed line (the `^` marker). */
export type CliError =
  | { kind: 'invalid' | 'param' | 'ambiguous'; at: number }
  | { kind: 'incomplete'; at: number }
  /** A whole line as the firmware prints it (`%Code 32310-GPONSRV : …`). */
  | { kind: 'line'; text: string };

export interface Reply {
  lines?: string[];
  error?: CliError;
  /** Close the session after the output (logout). */
  logout?: boolean;
}

export interface Session {
  /** `terminal length N` (0 = no paging). */
  setPageLength(n: number): void;
  /** Ask a yes/no question; `answer` runs with the typed reply (logout confirmation). */
  ask(prompt: string, answer: (reply: string) => Reply): void;
}

export interface CmdCtx {
  fam: Zxa10Family;
  cfg: Zxa10Config;
  olt: SimOlt;
  history: OntHistory;
  mode: Mode;
  args: Args;
  /** Column of each argument in the typed line. */
  argAt: Record<string, number>;
  /** The canonical line: keywords written out in full, values as typed. */
  line: string;
  now: number;
  setMode(m: Mode): void;
  session: Session;
}

export type Handler = (c: CmdCtx) => Reply | void;

export type ModeGrammars = Record<Mode['kind'], Grammar<Handler>>;

/** Error reply pointing at argument `name`. */
export function paramError(c: CmdCtx, name: string): Reply {
  return { error: { kind: 'param', at: c.argAt[name] ?? 0 } };
}

export function invalidAt(c: CmdCtx, name: string): Reply {
  return { error: { kind: 'invalid', at: c.argAt[name] ?? 0 } };
}

export function lineError(text: string): Reply {
  return { error: { kind: 'line', text } };
}

/** C3xx `%Code` lines (dialect §3); the texts are recorded, the TITAN equivalents are not. */
export const CODE = {
  // errors/c300-code-32310-onu-does-not-exist.txt (live C300)
  onuMissing: '%Code 32310-GPONSRV : The ONU does not exist.',
  // c300/undo-forms-nso-ned.txt (Cisco NED, learned on real devices)
  exists: '%Code 62391-GPONSRV : The entry is existed.',
};

/**
 * The error lines for `e` after the typed line: a caret line under column `at` of the input (whose
 * first character sits after the prompt) and the family's message.
 */
export function errorLines(fam: Zxa10Family, e: CliError, promptLen: number): string[] {
  if (e.kind === 'line') return [e.text];
  const caret = ' '.repeat(promptLen + e.at) + '^';
  switch (e.kind) {
    case 'invalid':
      return [caret, fam.errors.invalidInput];
    case 'param':
      return [caret, fam.errors.invalidParameter];
    case 'ambiguous':
      return [caret, fam.errors.ambiguous];
    case 'incomplete':
      // C3xx prints the bare line (live); TITAN's answer is NOT RECORDED: it gets its invalid-input line
      return fam.id === 'c300' ? [fam.errors.incomplete] : [caret, fam.errors.incomplete];
  }
}

/** Prompt of a mode [dialect §2.2]. TITAN prompts inside interface/pon-onu-mng modes are NOT RECORDED:
 * the C3xx shapes are used. The `gpon`/`pon`/`igmp mvlan` mode prompts are NOT RECORDED either. */
export function promptOf(host: string, m: Mode): string {
  switch (m.kind) {
    case 'exec':
      return `${host}#`;
    case 'config':
      return `${host}(config)#`;
    case 'olt':
    case 'onu':
    case 'vport':
    case 'uplink':
      return `${host}(config-if)#`;
    case 'mng':
      return `${host}(gpon-onu-mng)#`;
    case 'gpon':
      return `${host}(config-gpon)#`;
    case 'pon':
      return `${host}(config-pon)#`;
    case 'mvlan':
      return `${host}(config-mvlan)#`;
  }
}
