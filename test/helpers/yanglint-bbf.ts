/**
 * libyang's yanglint (Debian libyang2-tools) in the schema context of the BBF OLT's YANG library
 * (test/fixtures/bbf/yang-library.xml, as test/fixtures/bbf/validate.sh builds it): the reference the
 * lab OLT's own validator and the configurations ponctl writes are held to.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { standardsDir } from './shared-dir.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = path.join(REPO, 'test/fixtures/bbf');
/** ietf-netconf and ietf-netconf-nmda: Debian's libyuma-base (netconfd, yangcli). */
const YUMA = '/usr/share/yuma/modules/ietf';

export interface YanglintResult {
  ok: boolean;
  /** The first `libyang err` line (libyang stops at the first data error). */
  error?: string;
  /** Its "Data location" or "Schema location", as libyang prints it. */
  location?: string;
  output: string;
}

export class BbfYanglint {
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'yanglint-bbf-'));
  private readonly search: string[];
  private readonly library: string;

  constructor() {
    const S = standardsDir();
    if (!S)
      throw new Error('../shared/standards not found (PONCTL_SHARED_DIR, <repo>/../shared, /work/shared)');
    const B = path.join(S, 'bbf-yang/standard');
    this.search = [
      path.join(B, 'common'),
      path.join(B, 'interface'),
      path.join(B, 'networking'),
      path.join(S, 'ietf-yang'),
      path.join(S, 'iana-yang'),
      path.join(REPO, 'yang'),
      YUMA,
    ];
    this.library = path.join(this.dir, 'library.xml');
    const ms = readFileSync(path.join(FIXTURES, 'modules-state-rfc7895.xml'), 'utf8').replace(
      /^<\?xml[^>]*>\s*/,
      '',
    );
    writeFileSync(this.library, readFileSync(path.join(FIXTURES, 'yang-library.xml'), 'utf8') + '\n' + ms);
  }

  /** Write `content` to a file in the scratch folder and return its path. */
  file(name: string, content: string): string {
    const f = path.join(this.dir, name);
    writeFileSync(f, content);
    return f;
  }

  /** `yanglint -t <type> files…` (config: a configuration; data: a whole operational datastore). */
  validate(type: 'config' | 'data', files: string[], merge = false): Promise<YanglintResult> {
    const args = ['-Q', ...this.search.flatMap((d) => ['-p', d]), '-Y', this.library, '-t', type];
    if (merge) args.push('-m');
    return new Promise((resolve) => {
      execFile(
        'yanglint',
        [...args, ...files],
        { timeout: 120_000, maxBuffer: 64 << 20 },
        (err, stdout, stderr) => {
          const output = stdout + stderr;
          const line = output.split('\n').find((l) => l.startsWith('libyang err'));
          // a multi-line message (an XPath with line breaks) puts the location on a later line
          const loc =
            line && /\((?:Data|Schema) location "([^"]+)"/.exec(output.slice(output.indexOf(line)))?.[1];
          resolve({ ok: !err, error: line, location: loc ?? undefined, output });
        },
      );
    });
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** libyang's location with the list predicates removed (for a schema location comparison). */
export const schemaOnly = (p: string): string => p.replace(/\[[^\]]*\]/g, '');
