/**
 * The storage contract against PostgreSQL, plus what only PostgreSQL does: migrations under an advisory lock,
 * claims across replicas (a dead replica's claims are free at once), shared knowledge files, polling leader.
 * Needs DATABASE_URL (skipped, with a printed reason, without it).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SchemaVersionError } from '../src/store/migrations.js';
import { createPgKnowledgeSync, createPgPollingLeader, knowledgePath } from '../src/store/pg-cluster.js';
import { pgMigrations } from '../src/store/postgres-migrations.js';
import { openPostgresStore, type PostgresStore } from '../src/store/postgres.js';
import type { InboundInput } from '../src/store/types.js';
import { admin, describePostgres, freshSchema, type TestSchema } from './support/postgres.js';
import { describeStoreContract } from './support/store-contract.js';
import { tempDir, writeTree } from './support/tmp.js';

const quiet = { info() {}, warn() {}, error() {} };

describePostgres('PostgreSQL store', () => {
  describeStoreContract('PostgreSQL', async () => {
    const s = await freshSchema('contract');
    const store = await openPostgresStore({ url: s.url, poolSize: 4 });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await s.drop();
      },
    };
  });
});

const message = (key: string): InboundInput => ({
  channel: 'telegram',
  deliveryKey: key,
  chatId: 'c',
  userId: 'u',
  kind: 'text',
  text: 'Thai sản được hỗ trợ bao nhiêu?',
  receivedAt: Date.UTC(2025, 2, 10),
});

describePostgres('PostgreSQL store specifics', () => {
  let schema: TestSchema;
  const open: PostgresStore[] = [];
  const openStore = async () => {
    const s = await openPostgresStore({ url: schema.url, poolSize: 3 });
    open.push(s);
    return s;
  };
  beforeEach(async () => {
    schema = await freshSchema('specifics');
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await schema.drop();
  });

  it('applies the migrations once when three replicas start together', async () => {
    const stores = await Promise.all([openStore(), openStore(), openStore()]);
    const { rows } = await stores[0]!.pool.query('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows).toEqual(pgMigrations.map(({ version, name }) => ({ version, name })));
    expect(new Set(stores.map((s) => s.replicaId())).size).toBe(3);
    const [x, y] = await Promise.all([stores[1]!.saveInbound(message('k')), stores[2]!.saveInbound(message('k'))]);
    expect(x.id).toBe(y.id);
    expect([x.duplicate, y.duplicate].sort()).toEqual([false, true]);
  });

  it('refuses a database written by newer code', async () => {
    const s = await openStore();
    await s.pool.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, $1, 0)', ['from the future']);
    const err = await openPostgresStore({ url: schema.url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchemaVersionError);
    expect((err as SchemaVersionError).databaseVersion).toBe(999);
  });

  it('keeps a live replica\'s claims, and frees those of a replica that is gone at once', async () => {
    const a = await openStore();
    const b = await openStore();
    const now = Date.now() + 1000; // the outbox row is due
    const ids = [(await a.saveInbound(message('1'))).id, (await a.saveInbound(message('2'))).id];
    const [outbox] = await a.enqueueOutbox([{ channel: 'telegram', chatId: 'c', text: 'x' }]);
    expect((await a.claimInbound(now, 10, 3_600_000)).map((m) => m.id)).toEqual(ids);
    expect((await a.claimOutbox(now, 10, 3_600_000)).map((r) => r.id)).toEqual([outbox]);
    expect(await b.claimInbound(now, 10, 60_000)).toEqual([]);
    expect(await b.claimOutbox(now, 10, 60_000)).toEqual([]);

    await a.close(); // as when the replica's process dies: its connections close, its presence lock goes
    expect((await b.claimInbound(now, 10, 60_000)).map((m) => m.id)).toEqual(ids);
    expect((await b.claimOutbox(now, 10, 60_000)).map((r) => r.id)).toEqual([outbox]);
    const { rows } = await b.pool.query<{ lease_owner: number }>('SELECT DISTINCT lease_owner FROM inbound');
    expect(rows).toEqual([{ lease_owner: b.replicaId() }]);
  });

  it('shares a chat\'s conversation state between replicas, the newest message winning whichever replica answers it', async () => {
    const [a, b] = [await openStore(), await openStore()];
    const ids: number[] = [];
    for (let i = 0; i < 8; i++) ids.push((await a.saveInbound({ ...message(`conv-${i}`), channel: 'zalo' })).id);
    const conv = (id: number) => ({ channel: 'zalo' as const, chatId: 'c', state: { last: id }, inboundId: id, expiresAt: Date.now() + 60_000 });
    // Two replicas answer one chat's messages at the same time, in no particular order.
    const shuffled = [...ids].sort((x, y) => ((x * 7919) % 13) - ((y * 7919) % 13));
    await Promise.all(shuffled.map((id, i) => (i % 2 ? a : b).completeInboundWithConversation(id, { status: 'answer', text: 't', sources: [], confidence: 1 }, [], undefined, conv(id))));
    const newest = Math.max(...ids);
    expect(await a.getConversation('zalo', 'c', Date.now())).toMatchObject({ inboundId: newest, state: { last: newest } });
    expect(await b.getConversation('zalo', 'c', Date.now())).toMatchObject({ inboundId: newest, state: { last: newest } });
    for (const id of ids) expect((await b.getOutcome(id))?.status).toBe('answer');
  });

  it('uses the schema named in the URL and reports the database down once closed', async () => {
    const s = await openStore();
    expect(s.schema).toBe(schema.schema);
    const { rows } = await admin(schema.url, `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'inbound'`, [schema.schema]);
    expect(rows[0]).toEqual({ n: 1 });
    expect(await s.ping()).toBe(true);
    await s.close();
    expect(await s.ping()).toBe(false);
  });
});

describePostgres('PostgreSQL knowledge sync and polling leader', () => {
  let schema: TestSchema;
  let store: PostgresStore;
  const cleanups: (() => Promise<void> | void)[] = [];
  beforeEach(async () => {
    schema = await freshSchema('sync');
    store = await openPostgresStore({ url: schema.url, poolSize: 3 });
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    await store.close();
    await schema.drop();
  });

  const replica = async (files: Record<string, string> = {}) => {
    const dir = tempDir('congdoan-sync-');
    writeTree(dir.dir, files);
    const changes: string[][] = [];
    const sync = createPgKnowledgeSync({ pool: store.pool, url: schema.url, schema: schema.schema, knowledgeDir: dir.dir, logger: quiet });
    cleanups.push(dir.cleanup, () => sync.close());
    await sync.start(async (files) => void changes.push(files));
    return { dir: dir.dir, sync, changes };
  };

  it('writes a note published on one replica into every replica\'s folder, then tells it to reload', async () => {
    const a = await replica();
    const b = await replica({ 'faq/old.md': 'stale' });
    await a.sync.publish('faq/gia-xang.md', '---\ntitle: "Giá xăng"\n---\nKhông theo dõi.\n');
    await a.sync.publish('faq/old.md', 'fresh');
    const deadline = Date.now() + 5000;
    while (b.changes.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(b.changes).toEqual([['faq/gia-xang.md'], ['faq/old.md']]);
    expect(readFileSync(path.join(b.dir, 'faq/gia-xang.md'), 'utf8')).toContain('Không theo dõi.');
    expect(readFileSync(path.join(b.dir, 'faq/old.md'), 'utf8')).toBe('fresh');

    // A replica starting later catches up at start; one that already has the files writes nothing.
    const c = await replica({ 'faq/old.md': 'fresh' });
    expect(c.changes).toEqual([['faq/gia-xang.md']]);
  });

  it('refuses unsafe file names', async () => {
    const dir = '/srv/knowledge';
    expect(knowledgePath(dir, 'faq/a.md')).toBe('/srv/knowledge/faq/a.md');
    for (const bad of ['../x.md', 'faq/../../x.md', '/etc/x.md', 'faq/.hidden.md', 'faq/a.txt', 'faq//a.md', ''])
      expect(knowledgePath(dir, bad), bad).toBeUndefined();
    const a = await replica();
    await expect(a.sync.publish('../escape.md', 'x')).rejects.toThrow(/unsafe/);
    // A row written by hand with a bad name is skipped, not written.
    await store.pool.query(`INSERT INTO knowledge_files (path, content, updated_at) VALUES ('../escape.md', 'x', 0)`);
    const b = await replica();
    expect(b.changes).toEqual([]);
    expect(existsSync(path.join(b.dir, '..', 'escape.md'))).toBe(false);
  });

  it('lets one replica poll at a time, and moves polling over when it goes', async () => {
    const events: string[] = [];
    const leader = (name: string) => {
      const l = createPgPollingLeader({ url: schema.url, schema: schema.schema, logger: quiet, retryMs: 100 });
      cleanups.push(() => l.close());
      return { l, start: () => l.start({ lead: async () => void events.push(`${name} leads`), yieldLead: async () => void events.push(`${name} stops`) }) };
    };
    const a = leader('a');
    const b = leader('b');
    await a.start();
    await b.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(events).toEqual(['a leads']);
    await a.l.close();
    const deadline = Date.now() + 3000;
    while (!events.includes('b leads') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual(['a leads', 'a stops', 'b leads']);
  });
});
