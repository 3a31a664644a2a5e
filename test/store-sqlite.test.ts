import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, migrations, SchemaVersionError } from '../src/store/migrations.js';
import { openSqliteStore, sqliteFilePath } from '../src/store/sqlite.js';
import type { InboundInput, Store } from '../src/store/types.js';
import { describeStoreContract } from './support/store-contract.js';

/** A fresh temporary folder. */
const makeDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'congdoan-store-'));

describeStoreContract('SQLite', async () => {
  const dir = makeDir();
  const store = await openSqliteStore({ dataDir: dir });
  return {
    store,
    cleanup: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

const message: InboundInput = {
  channel: 'zalo',
  deliveryKey: 'chat-9:msg-1',
  chatId: 'chat-9',
  userId: 'user-9',
  kind: 'text',
  text: 'Thai sản được hỗ trợ bao nhiêu?',
  receivedAt: Date.UTC(2025, 2, 10),
};

describe('SQLite store specifics', () => {
  let dir: string;
  const open: Store[] = [];
  const peers: Database.Database[] = [];

  /** Opens a store on the temp folder, closed after the test. */
  const openStore = async (fileName?: string) => {
    const s = await openSqliteStore({ dataDir: dir, fileName });
    open.push(s);
    return s;
  };
  /** A second, independent connection to the database file. */
  const peer = (fileName?: string) => {
    const db = new Database(sqliteFilePath({ dataDir: dir, fileName }));
    peers.push(db);
    return db;
  };

  beforeEach(() => {
    dir = path.join(makeDir(), 'nested', 'data');
  });
  afterEach(async () => {
    for (const db of peers.splice(0)) db.close();
    for (const s of open.splice(0)) await s.close();
    fs.rmSync(path.dirname(path.dirname(dir)), { recursive: true, force: true });
  });

  it('creates the data folder, runs the migrations and uses WAL', async () => {
    await openStore();
    expect(fs.existsSync(path.join(dir, 'congdoan.db'))).toBe(true);
    const db = peer();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(applied).toEqual(migrations.map(({ version, name }) => ({ version, name })));
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)?.version);
  });

  it('stores deliveries made in one turn together: each caller gets its own id, a duplicate its first id, a bad one its own error', async () => {
    const store = await openStore();
    const db = peer();
    const calls = [
      store.saveInbound({ ...message, deliveryKey: 'a' }),
      store.saveInbound({ ...message, deliveryKey: 'b' }),
      store.saveInbound({ ...message, deliveryKey: 'a' }),
      // Breaks the CHECK on `kind`: this call fails, the others are stored.
      store.saveInbound({ ...message, deliveryKey: 'c', kind: 'bogus' as InboundInput['kind'] }),
      store.saveInbound({ ...message, deliveryKey: 'd' }),
    ];
    const [a, b, again, bad, d] = await Promise.allSettled(calls);
    expect(a).toMatchObject({ status: 'fulfilled', value: { duplicate: false } });
    expect(b).toMatchObject({ status: 'fulfilled', value: { duplicate: false } });
    expect(d).toMatchObject({ status: 'fulfilled', value: { duplicate: false } });
    expect(again).toEqual({ status: 'fulfilled', value: { id: (a as PromiseFulfilledResult<{ id: number }>).value.id, duplicate: true } });
    expect(bad?.status).toBe('rejected');
    const keys = db.prepare('SELECT delivery_key FROM inbound ORDER BY id').pluck().all();
    expect(keys).toEqual(['a', 'b', 'd']);
  });

  it('commits a delivery before its promise resolves (a second connection sees it)', async () => {
    const store = await openStore();
    const db = peer();
    const { id } = await store.saveInbound({ ...message, deliveryKey: 'seen' });
    expect(db.prepare('SELECT id FROM inbound WHERE delivery_key = ?').pluck().get('seen')).toBe(id);
  });

  it('rejects writes after close instead of losing them silently', async () => {
    const store = await openStore();
    await store.close();
    await expect(store.saveInbound({ ...message, deliveryKey: 'late' })).rejects.toThrow();
  });

  it('honours a custom file name', async () => {
    await openStore('other.db');
    expect(fs.existsSync(path.join(dir, 'other.db'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'congdoan.db'))).toBe(false);
  });

  it('re-opens cleanly and keeps the data', async () => {
    const first = await openStore();
    const { id } = await first.saveInbound(message);
    await first.completeInbound(id, { status: 'answer', text: 'Có.', sources: [], confidence: 0.9 }, [{ channel: 'zalo', chatId: 'chat-9', text: 'Có.', inboundId: id }]);
    await first.setSetting('notify', '42');
    await first.close();

    const second = await openStore();
    expect(await second.saveInbound(message)).toEqual({ id, duplicate: true });
    expect((await second.getOutcome(id))?.text).toBe('Có.');
    expect(await second.getSetting('notify')).toBe('42');
    expect(await second.dueOutbox(Date.now() + 1000, 10)).toHaveLength(1);
    const count = peer().prepare('SELECT count(*) FROM schema_migrations').pluck().get();
    expect(count).toBe(migrations.length);
  });

  it('refuses a database written by newer code', async () => {
    const s = await openStore();
    await s.close();
    const db = peer();
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(999, 'from the future', Date.now());
    db.close();
    const err = await openSqliteStore({ dataDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchemaVersionError);
    expect((err as SchemaVersionError).databaseVersion).toBe(999);
    expect((err as Error).message).toMatch(/newer/);
  });

  it('applies each migration in its own transaction and is idempotent', () => {
    const db = new Database(':memory:');
    try {
      expect(migrate(db)).toBe(migrations.at(-1)?.version);
      expect(migrate(db)).toBe(migrations.at(-1)?.version);
      const broken = [...migrations, { version: 1000, name: 'broken', sql: 'CREATE TABLE half_done (a); THIS IS NOT SQL;' }];
      expect(() => migrate(db, broken)).toThrow();
      expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'half_done'`).pluck().get()).toBe(0);
      expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(migrations.at(-1)?.version);
      const swapped = [{ version: 2, name: 'two', sql: '' }, { version: 1, name: 'one', sql: '' }];
      expect(() => migrate(db, swapped)).toThrow(/out of order/);
    } finally {
      db.close();
    }
  });

  it('enforces foreign keys', async () => {
    const s = await openStore();
    await expect(s.enqueueOutbox([{ channel: 'zalo', chatId: 'c', text: 't', inboundId: 424242 }])).rejects.toThrow(/FOREIGN KEY/);
  });

  it('keeps one feedback row per message and user, the last choice winning', async () => {
    const s = await openStore();
    const { id } = await s.saveInbound(message);
    const f = { inboundId: id, channel: 'zalo' as const, chatId: 'chat-9', userId: 'user-9', at: 1 };
    await s.saveFeedback({ ...f, value: 'down' });
    await s.saveFeedback({ ...f, value: 'up', at: 2 });
    const rows = peer().prepare('SELECT value, at FROM feedback').all();
    expect(rows).toEqual([{ value: 'up', at: 2 }]);
  });

  it('lets two connections write the same file', async () => {
    const a = await openStore();
    const b = await openStore();
    const x = await a.saveInbound(message);
    const y = await b.saveInbound({ ...message, deliveryKey: 'chat-9:msg-2' });
    expect(await b.saveInbound(message)).toEqual({ id: x.id, duplicate: true });
    expect((await a.pendingInbound(10)).map((m) => m.id)).toEqual([x.id, y.id]);
  });

  it('checkpoints the WAL on close and then reports the database down', async () => {
    const s = await openStore();
    await s.saveInbound(message);
    await s.close();
    const wal = path.join(dir, 'congdoan.db-wal');
    expect(!fs.existsSync(wal) || fs.statSync(wal).size === 0).toBe(true);
    expect(await s.ping()).toBe(false);
  });
});
