/**
 * Two replicas of the app (in-process) on one PostgreSQL schema, each with its own knowledge folder:
 * an admin signed in on one works on the other; a note saved as knowledge on one answers on the other;
 * polling runs on one replica only and moves over when it stops. Needs DATABASE_URL.
 */
import { afterEach, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { captureLogs, post, waitUntil, type LogCapture } from '../support/app.js';
import { startFakeTelegram, textUpdate } from '../support/fake-telegram.js';
import { KNOWLEDGE_DIR, ROOT } from '../support/knowledge.js';
import { describePostgres, freshSchema } from '../support/postgres.js';
import { tempCopy, tempDir } from '../support/tmp.js';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ADMIN_TOKEN = 'shared-admin-token-0123456789';
const TG_SECRET = 'tg-secret_0123456789';
const OFF_TOPIC = 'Giá xăng RON95 tuần này là bao nhiêu?';

interface Replica extends App {
  logs: LogCapture;
  kbDir: string;
}

describePostgres('replicas share the admin session, the knowledge and the polling', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  /** Starts one replica in-process on the given database, with its own data and knowledge folders. */
  const replica = async (env: Record<string, string>): Promise<Replica> => {
    const data = tempDir('congdoan-data-');
    const kb = tempCopy(KNOWLEDGE_DIR);
    cleanups.push(data.cleanup, kb.cleanup);
    const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: data.dir, KNOWLEDGE_DIR: kb.dir, ADMIN_TOKEN, ...env }, ROOT);
    const { stream, logs } = captureLogs();
    const logger = createLogger({ level: 'debug', destination: stream });
    const app = await startApp(config, { logger, throttle: false, tickMs: 50, retry: { baseMs: 20, maxMs: 200 }, leaderRetryMs: 200 });
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await app.close();
    };
    cleanups.push(close);
    return { ...app, close, logs, kbDir: kb.dir };
  };

  it('signs in on one replica and saves knowledge through another; both then answer with it', { timeout: 60_000 }, async () => {
    const schema = await freshSchema('shared');
    cleanups.push(() => schema.drop());
    const tg = await startFakeTelegram();
    cleanups.push(() => tg.close());
    const env = { DATABASE_URL: schema.url, PUBLIC_URL: 'https://bot.example.org', TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url, TELEGRAM_WEBHOOK_SECRET: TG_SECRET };
    const [a, b] = await Promise.all([replica(env), replica(env)]);
    expect(a.logs.text()).toMatch(/"storage":"postgres"/);
    const ask = (r: Replica, id: number, chat: number, text: string) => post(`${r.url}/webhooks/telegram`, textUpdate(id, chat, text), { 'x-telegram-bot-api-secret-token': TG_SECRET });

    // 1. An off-topic question through replica A lands in the shared review queue.
    await ask(a, 1, 601, OFF_TOPIC);
    await tg.waitFor(() => tg.sent().find((c) => c.body.chat_id === '601'));
    const groups = await b.store.listReview({});
    expect(groups).toHaveLength(1);
    const groupId = groups[0]!.id;

    // 2. Sign in on A; the signed cookie works on B (same ADMIN_TOKEN, nothing kept in memory).
    const login = await fetch(`${a.url}/admin/login`, { method: 'POST', body: new URLSearchParams({ token: ADMIN_TOKEN }), redirect: 'manual' });
    expect(login.status).toBe(303);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(cookie).toMatch(/^congdoan_admin=/);
    const page = await fetch(`${b.url}/admin/review/${groupId}`, { headers: { cookie }, redirect: 'manual' });
    expect(page.status).toBe(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1];
    expect(csrf).toBeTruthy();

    // 3. Save as knowledge on B, with the form and the session from A.
    const saved = await fetch(`${b.url}/admin/review/${groupId}/knowledge`, {
      method: 'POST',
      headers: { cookie },
      body: new URLSearchParams({ csrf: csrf!, title: 'Giá xăng RON95', answer: 'Công đoàn không theo dõi giá xăng RON95; bạn xem thông báo của Bộ Công Thương.', questions: '' }),
      redirect: 'manual',
    });
    expect(saved.status).toBe(303);
    const file = decodeURIComponent(saved.headers.get('location') ?? '').match(/faq\/[^\s]+\.md/)?.[0];
    expect(file).toBeTruthy();
    expect(existsSync(path.join(b.kbDir, file!))).toBe(true);

    // 4. A gets the note into its own folder (NOTIFY) and answers the same question with it.
    await waitUntil(() => existsSync(path.join(a.kbDir, file!)), 10_000);
    expect(readFileSync(path.join(a.kbDir, file!), 'utf8')).toBe(readFileSync(path.join(b.kbDir, file!), 'utf8'));
    await waitUntil(() => a.logs.text().includes('shared knowledge written to the knowledge folder'), 10_000);
    await waitUntil(async () => {
      const health = (await (await fetch(`${a.url}/healthz`)).json()) as { knowledge: { files: number } };
      const other = (await (await fetch(`${b.url}/healthz`)).json()) as { knowledge: { files: number } };
      return health.knowledge.files === other.knowledge.files;
    }, 10_000);
    await ask(a, 2, 602, OFF_TOPIC);
    const reply = await tg.waitFor(() => tg.sent().find((c) => c.body.chat_id === '602'));
    expect(String(reply.body.text)).toContain('Công đoàn không theo dõi giá xăng RON95');
  });

  it('polls on one replica only and moves polling over when that replica stops', { timeout: 60_000 }, async () => {
    const schema = await freshSchema('polling');
    cleanups.push(() => schema.drop());
    const tg = await startFakeTelegram();
    cleanups.push(() => tg.close());
    const env = { DATABASE_URL: schema.url, TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url };
    const a = await replica(env);
    const b = await replica(env);
    const polls = (r: Replica) => r.logs.text().includes('telegram polling started');
    await waitUntil(() => polls(a), 10_000);
    tg.queueUpdate(textUpdate(10, 801, 'khám sức khỏe miễn phí'));
    await tg.waitFor(() => tg.sent().find((c) => c.body.chat_id === '801'), 10_000);
    await new Promise((r) => setTimeout(r, 600)); // b has tried the lock a few times by now
    expect(polls(b)).toBe(false);

    await a.close();
    await waitUntil(() => polls(b), 10_000);
    tg.queueUpdate(textUpdate(11, 802, 'vay vốn quỹ trợ vốn'));
    await tg.waitFor(() => tg.sent().find((c) => c.body.chat_id === '802'), 10_000);
    // b polled from the start of the queue again: update 10 came twice, and was answered once.
    await new Promise((r) => setTimeout(r, 300));
    expect(tg.sent().filter((c) => c.body.chat_id === '801')).toHaveLength(1);
    expect(tg.sent().filter((c) => c.body.chat_id === '802')).toHaveLength(1);
  });
});
