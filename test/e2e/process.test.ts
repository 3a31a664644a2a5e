import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeTelegram, textUpdate } from '../support/fake-telegram.js';
import { startBotProcess } from '../support/process.js';
import { tempDir } from '../support/tmp.js';
import { post, waitUntil } from '../support/app.js';

const SECRET = 'tg-secret_0123456789';

describe('the bot process', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('starts with no configuration, serves /healthz and stops cleanly on SIGTERM', async () => {
    const data = tempDir();
    cleanups.push(data.cleanup);
    const bot = startBotProcess({ DATA_DIR: data.dir });
    const port = await bot.port;
    const healthz = async () => (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { knowledge: { ready: boolean; passages: number } };
    // The server is up at once; the index is built in a worker thread meanwhile.
    await waitUntil(async () => (await healthz()).knowledge.ready);
    const health = await healthz();
    expect(health).toMatchObject({ status: 'ok', channels: { telegram: { mode: 'off' }, zalo: { mode: 'off' } }, database: 'ok' });
    expect((health as { knowledge: { passages: number } }).knowledge.passages).toBeGreaterThan(20);
    expect(bot.output()).toMatch(/TELEGRAM_BOT_TOKEN is not set/);
    expect(bot.output()).toMatch(/admin page ready/);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  });

  it('exits 1 with one message listing every bad variable', async () => {
    const bot = startBotProcess({ PORT: 'abc', TELEGRAM_BOT_TOKEN: 'nonsense', PUBLIC_URL: 'not a url', HOST: '999.1.1.1', DATABASE_URL: 'postgres://u:%zz@h/db' });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toMatch(/HOST/);
    expect(bot.output()).toMatch(/DATABASE_URL/);
    expect(bot.output()).not.toMatch(/fatal:|\n\s+at /);
    expect(bot.output()).toMatch(/PORT/);
    expect(bot.output()).toMatch(/TELEGRAM_BOT_TOKEN/);
    expect(bot.output()).toMatch(/PUBLIC_URL/);
  });

  it('answers by polling with a token and API root from the environment', async () => {
    const tg = await startFakeTelegram();
    const data = tempDir();
    cleanups.push(() => tg.close(), data.cleanup);
    const bot = startBotProcess({ DATA_DIR: data.dir, TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url });
    cleanups.push(() => void bot.child.kill('SIGKILL'));
    await bot.port;
    tg.queueUpdate(textUpdate(50, 801, 'khám sức khỏe miễn phí'));
    const reply = await tg.waitFor(() => tg.sent().find((c) => c.body.chat_id === '801'), 20_000);
    expect(String(reply.body.text)).toMatch(/Nguồn: /);
    expect(bot.output()).not.toContain(tg.token);
  });

  it('in polling mode, SIGTERM while Telegram holds getUpdates open aborts the poll and exits 0 within SHUTDOWN_TIMEOUT_SECONDS', async () => {
    const tg = await startFakeTelegram();
    const data = tempDir();
    cleanups.push(() => tg.close(), data.cleanup);
    // Every getUpdates is held and never answered: the long poll in flight, and grammY's confirming call on stop.
    tg.fail('getUpdates', { status: 'hang' }, { times: 1_000 });
    const bot = startBotProcess({ DATA_DIR: data.dir, TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url });
    cleanups.push(() => void bot.child.kill('SIGKILL'));
    await bot.port;
    await tg.waitFor(() => tg.sent('getUpdates').length > 0, 20_000);
    bot.child.kill('SIGTERM');
    // Exit 1 would mean the shutdown bound was hit; a hang fails on the race.
    const outcome = await Promise.race([bot.exited, new Promise<string>((r) => setTimeout(() => r('still running'), 30_000))]);
    expect(outcome, bot.output()).toBe(0);
    expect(bot.output()).toMatch(/"msg":"stopped"/);
  }, 60_000);

  it('exits 1 and says so when a stop takes longer than SHUTDOWN_TIMEOUT_SECONDS', async () => {
    const tg = await startFakeTelegram();
    const data = tempDir();
    cleanups.push(() => tg.close(), data.cleanup);
    // A reply is being sent when SIGTERM comes, and Telegram never answers it: the stop waits for it, up to the bound.
    tg.fail('sendMessage', { status: 'hang' }, { times: 1_000 });
    const env = { DATA_DIR: data.dir, TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url, PUBLIC_URL: 'https://bot.example.org', TELEGRAM_WEBHOOK_SECRET: SECRET, SHUTDOWN_TIMEOUT_SECONDS: '1' };
    const bot = startBotProcess(env);
    cleanups.push(() => void bot.child.kill('SIGKILL'));
    const port = await bot.port;
    const res = await post(`http://127.0.0.1:${port}/webhooks/telegram`, textUpdate(70, 903, 'khám sức khỏe miễn phí'), { 'x-telegram-bot-api-secret-token': SECRET });
    expect(res.status).toBe(200);
    await tg.waitFor(() => tg.sent().length > 0, 20_000);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toMatch(/"timeoutMs":1000,"msg":"shutdown took too long; exiting"/);
  }, 60_000);

  it('after SIGKILL mid-message, answers what it had stored once it starts again', async () => {
    const tg = await startFakeTelegram();
    const data = tempDir();
    cleanups.push(() => tg.close(), data.cleanup);
    const env = { DATA_DIR: data.dir, TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url, PUBLIC_URL: 'https://bot.example.org', TELEGRAM_WEBHOOK_SECRET: SECRET };

    // 1. Telegram is down: the message is acknowledged and stored, its reply cannot go out.
    tg.fail('sendMessage', { status: 500 }, { rate: 1 });
    const first = startBotProcess(env);
    const port = await first.port;
    const res = await post(`http://127.0.0.1:${port}/webhooks/telegram`, textUpdate(60, 901, '6 tháng đầu năm 2024 Quỹ Trợ vốn giải ngân bao nhiêu tiền?'), { 'x-telegram-bot-api-secret-token': SECRET });
    expect(res.status).toBe(200);
    await tg.waitFor(() => tg.sent().length >= 1, 20_000);
    first.child.kill('SIGKILL');
    await first.exited;

    // 2. A message stored just before the crash, not yet answered.
    const db = new Database(path.join(data.dir, 'congdoan.db'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.prepare(
      "INSERT INTO inbound (channel, delivery_key, chat_id, user_id, user_name, kind, text, received_at, state) VALUES ('telegram', '61', '902', '902', 'A', 'text', 'tết sum vầy', ?, 'pending')",
    ).run(Date.now());
    db.close();

    // 3. Telegram is back; the restarted bot answers both, each once.
    tg.fail('sendMessage', { status: 500 }, { rate: 0 });
    const second = startBotProcess(env);
    cleanups.push(() => void second.child.kill('SIGKILL'));
    await second.port;
    await tg.waitFor(() => tg.sent().filter((c) => c.body.chat_id === '902').length >= 1, 20_000);
    await waitUntil(() => tg.sent().filter((c) => c.body.chat_id === '901' && !String(c.body.text).includes('500')).length >= 2, 20_000);
    const delivered901 = tg.sent().filter((c) => c.body.chat_id === '901');
    // The first attempts failed with 500; exactly one later attempt succeeded and nothing was sent after it.
    expect(delivered901.length).toBeGreaterThanOrEqual(2);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(tg.sent().filter((c) => c.body.chat_id === '902')).toHaveLength(1);
  });
});
