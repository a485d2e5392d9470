/**
 * PostgreSQL for tests: the real server at PONCTL_TEST_PG (default
 * postgres://postgres@127.0.0.1:5432/test, trust auth; `.ci/run` starts it). Each test file gets a
 * schema of its own, dropped afterwards, so files run in parallel without seeing each other.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_URL = process.env.PONCTL_TEST_PG || 'postgres://postgres@127.0.0.1:5432/test';

export function uniqueSchemaName(prefix = 't'): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function createSchema(name = uniqueSchemaName()): Promise<string> {
  await admin((c) => c.query(`CREATE SCHEMA ${name}`));
  return name;
}

export async function dropSchema(name: string): Promise<void> {
  await admin((c) => c.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`));
}
