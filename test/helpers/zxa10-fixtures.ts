/**
 * The public ZXA10 fixtures (test/fixtures/zxa10/, format in its README.md): a header of `#` lines
 * naming the source, a `# ---` line, then the body verbatim. `# [trimmed] …` lines inside a body mark
 * where the fixture's author cut unrelated text; they are not device output and are dropped here.
 */
import { readFileSync } from 'node:fs';

const DIR = new URL('../fixtures/zxa10/', import.meta.url);

export function fixturePath(rel: string): string {
  return new URL(rel, DIR).pathname;
}

/** The body of a fixture, without its header and without the fixture's own `# [trimmed]` markers. */
export function fixtureBody(rel: string): string {
  const text = readFileSync(new URL(rel, DIR), 'utf8');
  const at = text.indexOf('\n# ---\n');
  if (at < 0) throw new Error(`${rel}: no "# ---" header end`);
  return text
    .slice(at + '\n# ---\n'.length)
    .split('\n')
    .filter((l) => !l.startsWith('# [trimmed]'))
    .join('\n');
}

/**
 * A fixture body with its author's redactions replaced (e.g. `xxx` → `100`): the replacement is
 * stated by the test that asks for it, so a reader sees exactly what differs from the published text.
 */
export function fixtureWith(rel: string, redactions: Record<string, string>): string {
  let body = fixtureBody(rel);
  for (const [from, to] of Object.entries(redactions)) body = body.split(from).join(to);
  return body;
}
