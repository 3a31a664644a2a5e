/**
 * PostgreSQL for tests: the server named by DATABASE_URL (.ci/run starts one on loopback). Each test works in
 * a schema of its own, dropped afterwards, so test files can run side by side on one database.
 *
 * Without DATABASE_URL the PostgreSQL tests are skipped, visibly: the suite's name says so and a line is
 * printed, e.g. `DATABASE_URL=postgres://postgres@127.0.0.1:55432/congdoan npx vitest run`.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';

export const DATABASE_URL = process.env.DATABASE_URL || undefined;

/** `describe`, skipped with a printed reason when no PostgreSQL is configured. */
export function describePostgres(name: string, fn: () => void): void {
  if (!DATABASE_URL) {
    console.warn(`[postgres] SKIPPED "${name}": DATABASE_URL is not set. Start a PostgreSQL and set DATABASE_URL=postgres://… to run it (.ci/run does).`);
    describe.skip(`${name} (skipped: DATABASE_URL is not set)`, fn);
    return;
  }
  describe(name, fn);
}

/** The URL with a search_path, so the store creates and uses its tables in `schema`. */
export function urlWithSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

export interface TestSchema {
  schema: string;
  /** DATABASE_URL pointed at the schema. */
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty schema (`prefix_<random>`) on the test database. */
export async function freshSchema(prefix = 't'): Promise<TestSchema> {
  if (!DATABASE_URL) throw new Error('DATABASE_URL is not set');
  const base = DATABASE_URL;
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin(base, `CREATE SCHEMA ${schema}`);
  return {
    schema,
    url: urlWithSchema(base, schema),
    drop: async () => void (await admin(base, `DROP SCHEMA IF EXISTS ${schema} CASCADE`)),
  };
}

/** Runs one statement on a short-lived connection. */
export async function admin(url: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}
