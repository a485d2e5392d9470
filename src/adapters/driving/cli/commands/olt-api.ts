/**
 * The CLI's client of the controller API (design §5: commands talk to the controller at
 * $PONCTL_URL with the key in $PONCTL_KEY). `oltApi` + `reportApiError` serve `plan`, `apply`,
 * `reconcile` and `orders`; `alarms`, `order submit` and `sla` keep their own output but take the
 * base URL and headers from here. Exports no `register…`: not a command.
 */

/** `$PONCTL_URL` without trailing slashes (default: the controller's local listen address). */
export const controllerBase = (): string =>
  (process.env.PONCTL_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');

/** Request headers with the bearer key from `$PONCTL_KEY`, if set. */
export function authHeaders(extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = { ...extra };
  if (process.env.PONCTL_KEY) headers.authorization = `Bearer ${process.env.PONCTL_KEY}`;
  return headers;
}

export async function oltApi(
  method: 'GET' | 'POST',
  path: string,
  cmd: string,
): Promise<{ ok: boolean; status: number; body: Record<string, unknown> } | undefined> {
  const base = controllerBase();
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, { method, headers: authHeaders() });
  } catch (e) {
    process.stderr.write(`ponctl ${cmd}: cannot reach ${base}: ${(e as Error).message}\n`);
    process.exitCode = 1;
    return undefined;
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  return { ok: res.ok, status: res.status, body };
}

/** Prints an API error (JSON as is with --json) and sets the exit code. */
export function reportApiError(
  cmd: string,
  r: { status: number; body: Record<string, unknown> },
  json?: boolean,
): void {
  const err = r.body.error as { code?: string; message?: string } | undefined;
  if (json) process.stdout.write(JSON.stringify(r.body) + '\n');
  else process.stderr.write(`ponctl ${cmd}: HTTP ${r.status} ${err?.code ?? ''}: ${err?.message ?? ''}\n`);
  process.exitCode = 1;
}

/**
 * GET every page of a paginated list (`{ <name>: [...], next? }`, design §4): follows `next` so that
 * a table is the whole list. Undefined after an error (reported, exit code set).
 */
export async function getAllPages<T>(
  path: string,
  name: string,
  cmd: string,
  json?: boolean,
): Promise<T[] | undefined> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const r = await oltApi('GET', cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path, cmd);
    if (!r) return undefined;
    if (!r.ok) {
      reportApiError(cmd, r, json);
      return undefined;
    }
    items.push(...((r.body[name] as T[] | undefined) ?? []));
    cursor = r.body.next as string | undefined;
  } while (cursor);
  return items;
}
