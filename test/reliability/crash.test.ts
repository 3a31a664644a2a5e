/**
 * Crash: the bot process is killed with SIGKILL in the middle of a burst of webhook deliveries, then started
 * again on the same data. The database opens cleanly, and every update is answered: the acknowledged ones
 * from the store, the others when Telegram delivers them again (as it does when a webhook call fails).
 * A reply may go out twice only when its send was in flight at the moment of the kill.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../support/app.js';
import { deliverAll, type Delivery } from '../support/deliver.js';
import { textUpdate } from '../support/fake-telegram.js';
import { startBotProcess, type BotProcess } from '../support/process.js';
import { startTelegramLedger } from '../support/telegram-ledger.js';
import { tempDir } from '../support/tmp.js';

const SECRET = 'crash-secret_0123456789';
const HEADER = 'x-telegram-bot-api-secret-token';
const BURST = 240;
const KILL_AFTER_ACKS = 40;
/** The dispatcher sends to at most this many chats at once (its default `sendConcurrency`). */
const MAX_IN_FLIGHT_SENDS = 16;

const QUESTIONS = ['khám sức khỏe miễn phí', 'vay vốn quỹ trợ vốn', 'xe đưa công nhân về quê ăn Tết', 'tư vấn pháp luật miễn phí', 'gia nhập công đoàn thế nào', 'xin chào'];

describe('crash: SIGKILL in the middle of a burst', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('restarts on the same data, opens the database cleanly and answers every acknowledged message', { timeout: 60_000 }, async () => {
    const tg = await startTelegramLedger({ seed: 9 });
    const data = tempDir();
    cleanups.push(() => tg.close(), data.cleanup);
    const env = { DATA_DIR: data.dir, TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url, PUBLIC_URL: 'https://bot.example.org', TELEGRAM_WEBHOOK_SECRET: SECRET };
    const track = (bot: BotProcess) => cleanups.push(() => void bot.child.kill('SIGKILL'));

    const deliveries: (Delivery & { chatId: string })[] = Array.from({ length: BURST }, (_, i) => ({
      path: '/webhooks/telegram',
      body: JSON.stringify(textUpdate(70_000 + i, 900_000 + i, QUESTIONS[i % QUESTIONS.length] ?? 'vay vốn')),
      headers: { [HEADER]: SECRET },
      chatId: String(900_000 + i),
    }));

    // 1. A first wave is acknowledged and its replies start going out (Telegram's 30 msg/s throttle is on in
    //    the process); then a second wave, and SIGKILL once KILL_AFTER_ACKS of it are acknowledged, while
    //    messages are being answered and replies sent.
    const first = startBotProcess(env);
    track(first);
    const port = await first.port;
    const origin = `http://127.0.0.1:${port}`;
    const waveA = deliveries.slice(0, BURST / 2);
    const waveB = deliveries.slice(BURST / 2);
    const a = await deliverAll(origin, waveA, { connections: 20 });
    expect(a.counts).toEqual({ 200: waveA.length });
    await tg.waitFor(() => tg.delivered().length >= 10, 20_000);
    let acks = 0;
    const b = await deliverAll(origin, waveB, {
      connections: 20,
      timeoutMs: 10_000,
      onAnswer: (_i, status) => {
        if (status === 200 && ++acks === KILL_AFTER_ACKS) first.child.kill('SIGKILL');
      },
    });
    const burst = { statuses: [...a.statuses, ...b.statuses] };
    await first.exited;
    const acked = deliveries.filter((_, i) => burst.statuses[i] === 200);
    const unacked = deliveries.filter((_, i) => burst.statuses[i] !== 200);
    const sentBeforeKill = tg.delivered().length;
    expect(acked.length).toBeGreaterThanOrEqual(waveA.length + KILL_AFTER_ACKS);
    expect(unacked.length).toBeGreaterThan(0); // the kill did land mid-burst

    // 2. The database file opens cleanly after the kill.
    const db = new Database(path.join(data.dir, 'congdoan.db'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = db.prepare('SELECT count(*) FROM inbound').pluck().get() as number;
    db.close();
    expect(stored).toBeGreaterThanOrEqual(acked.length); // acknowledged only once stored

    // 3. Start again on the same data; Telegram redelivers what was not acknowledged.
    const second = startBotProcess(env);
    track(second);
    const port2 = await second.port;
    const health = (await (await fetch(`http://127.0.0.1:${port2}/healthz`)).json()) as { database: string };
    expect(health.database).toBe('ok');
    const redelivery = await deliverAll(`http://127.0.0.1:${port2}`, unacked, { connections: 20 });
    expect(Object.keys(redelivery.counts)).toEqual(['200']);

    const chats = deliveries.map((d) => d.chatId);
    await waitUntil(() => {
      const per = tg.deliveredPerChat();
      return chats.every((c) => (per.get(c) ?? 0) >= 1);
    }, 40_000);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const per = tg.deliveredPerChat();
    const twice = chats.filter((c) => (per.get(c) ?? 0) === 2);
    const more = chats.filter((c) => (per.get(c) ?? 0) > 2);
    console.log(
      `crash: burst of ${BURST} in two waves, SIGKILL after ${KILL_AFTER_ACKS} acks of the second: ${acked.length} acknowledged, ${unacked.length} not (redelivered), ` +
        `${stored} stored before the kill, ${sentBeforeKill} replies sent before the kill; after restart every chat answered, ${twice.length} twice (in flight at the kill)`,
    );
    expect(more).toEqual([]);
    expect(twice.length).toBeLessThanOrEqual(MAX_IN_FLIGHT_SENDS);
  });
});
