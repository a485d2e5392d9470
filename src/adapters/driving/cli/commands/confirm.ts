/**
 * Confirmation before a command changes an OLT (issue 14 item 8, like `terraform apply`): on a
 * terminal (stdin is a TTY) `apply` and `reconcile` ask and go on only on `y`/`yes`; `--yes` skips
 * the question. Without a terminal and without `--yes` nothing is sent: a script must say `--yes`,
 * so that a cron job or a pipe cannot change an OLT by accident. Both refusals exit with
 * NOT_CONFIRMED (3), distinct from an error (1) and from `plan`'s drift (2).
 * Exports no `register…`: not a command.
 */
import { createInterface } from 'node:readline/promises';

export const NOT_CONFIRMED = 3;

/** True when the command may go on; otherwise the reason is on stderr and the exit code is set. */
export async function confirmed(cmd: string, question: string, yes?: boolean): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY) {
    process.stderr.write(
      `ponctl ${cmd}: stdin is not a terminal, so there is no one to confirm: nothing done; pass --yes to ${cmd} without asking\n`,
    );
    process.exitCode = NOT_CONFIRMED;
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question(`${question} [y/N] `).catch(() => '');
  rl.close();
  if (/^(y|yes)$/i.test(answer.trim())) return true;
  process.stderr.write(`ponctl ${cmd}: not confirmed: nothing done\n`);
  process.exitCode = NOT_CONFIRMED;
  return false;
}
