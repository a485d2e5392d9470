/**
 * What several benchmarks print the same way: one labelled figure a line, percentiles of a latency
 * sample, megabytes. (bench/run.ts skips files starting with `_`, so this is not a benchmark.)
 * Running a command-line tool with timing is `runTool` in test/helpers/lab.ts.
 */

/** `label` padded to a column, then `value`. */
export function line(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(64)} ${value}\n`);
}

/** Nearest-rank percentile (`p` in 0..100) of `xs`, which is left unsorted. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const median = (xs: readonly number[]): number => percentile(xs, 50);

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** `fn` over `xs`, `n` at a time. */
export async function lanes<T>(xs: readonly T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < xs.length) await fn(xs[next++]);
    }),
  );
}
