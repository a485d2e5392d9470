/**
 * The HTTP call shared by `ponctl plan`, `apply` and `reconcile` (design §5: they talk to the
 * controller at $PONCTL_URL with $PONCTL_KEY, an operator key). Exports no `register…`: not a command.
 */
export async function oltApi(method: 'GET' | 'POST', path: string, cmd: string): Promise<{ ok: boolean; status: number; body: Record<string, unknown> } | undefined> {
  const base = (process.env.PONCTL_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const headers: Record<string, string> = {};
  if (process.env.PONCTL_KEY) headers.authorization = `Bearer ${process.env.PONCTL_KEY}`;
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, { method, headers });
  } catch (e) {
    process.stderr.write(`ponctl ${cmd}: cannot reach ${base}: ${(e as Error).message}\n`);
    process.exitCode = 1;
    return undefined;
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  return { ok: res.ok, status: res.status, body };
}

/** Prints an API error (JSON as is with --json) and sets the exit code. */
export function reportApiError(cmd: string, r: { status: number; body: Record<string, unknown> }, json?: boolean): void {
  const err = r.body.error as { code?: string; message?: string } | undefined;
  if (json) process.stdout.write(JSON.stringify(r.body) + '\n');
  else process.stderr.write(`ponctl ${cmd}: HTTP ${r.status} ${err?.code ?? ''}: ${err?.message ?? ''}\n`);
  process.exitCode = 1;
}
