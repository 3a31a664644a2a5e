/**
 * Several replicas on one PostgreSQL: three bot processes behind a round-robin proxy, the fake Telegram API
 * behind them. 2,000 webhook deliveries, 10 % of them the same update again right after the original (so the
 * proxy hands it to another replica), and one replica SIGKILLed mid-run (the proxy sends its requests to the
 * next replica). Every update is answered exactly once; only a reply whose send was in flight in the killed
 * replica may go out twice. Prints the counts. Needs DATABASE_URL (skipped, with a printed reason, without it).
 */
import { afterEach, expect, it } from 'vitest';
import { waitUntil } from '../support/app.js';
import { deliverAll, type Delivery } from '../support/deliver.js';
import { textUpdate } from '../support/fake-telegram.js';
import { admin, describePostgres, freshSchema } from '../support/postgres.js';
import { startBotProcess, type BotProcess } from '../support/process.js';
import { startTelegramLedger } from '../support/telegram-ledger.js';
import { tempDir } from '../support/tmp.js';
import { startRoundRobinProxy } from './proxy.js';

const SECRET = 'replica-secret_0123456789';
const HEADER = 'x-telegram-bot-api-secret-token';
const REPLICAS = 3;
const TOTAL = 2000;
const DUPLICATES = TOTAL / 10;
const DISTINCT = TOTAL - DUPLICATES;
/** The killed replica is SIGKILLed once this many deliveries are acknowledged. */
const KILL_AFTER_ACKS = 800;
/** Deliveries are sent in batches of BATCH, one batch every BATCH_EVERY_MS. */
const BATCH = 100;
const BATCH_EVERY_MS = 650;
/** The dispatcher sends to at most this many chats at once (its default `sendConcurrency`). */
const MAX_IN_FLIGHT_SENDS = 16;
const QUESTIONS = ['khám sức khỏe miễn phí', 'vay vốn quỹ trợ vốn', 'xe đưa công nhân về quê ăn Tết', 'tư vấn pháp luật miễn phí', 'gia nhập công đoàn thế nào', 'xin chào'];

describePostgres('replicas: three bot processes on one PostgreSQL', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('answers every update exactly once across replicas, with duplicates and a replica killed mid-run', { timeout: 150_000 }, async () => {
    const started = Date.now();
    const schema = await freshSchema('replicas');
    cleanups.push(() => schema.drop());
    const tg = await startTelegramLedger({ seed: 3 });
    cleanups.push(() => tg.close());

    // 1. Three replicas start together on an empty schema (the migrations run once, under the advisory lock).
    const bots: BotProcess[] = [];
    for (let i = 0; i < REPLICAS; i++) {
      const data = tempDir();
      cleanups.push(data.cleanup);
      const bot = startBotProcess({
        DATABASE_URL: schema.url,
        DATA_DIR: data.dir,
        ADMIN_TOKEN: 'replica-admin-token-0123456789',
        TELEGRAM_BOT_TOKEN: tg.token,
        TELEGRAM_API_ROOT: tg.url,
        PUBLIC_URL: 'https://bot.example.org',
        TELEGRAM_WEBHOOK_SECRET: SECRET,
      });
      cleanups.push(() => void bot.child.kill('SIGKILL'));
      bots.push(bot);
    }
    const ports = await Promise.all(bots.map((b) => b.port));
    const proxy = await startRoundRobinProxy(ports.map((p) => `http://127.0.0.1:${p}`));
    cleanups.push(() => proxy.close());

    // 2. Deliveries: each distinct update from its own chat; every tenth is followed by the same update again.
    const deliveries: (Delivery & { updateId: number })[] = [];
    for (let i = 0; i < DISTINCT; i++) {
      const updateId = 200_000 + i;
      const d = { path: '/webhooks/telegram', body: JSON.stringify(textUpdate(updateId, 700_000 + i, QUESTIONS[i % QUESTIONS.length]!)), headers: { [HEADER]: SECRET }, updateId };
      deliveries.push(d);
      if (i % 9 === 4 && deliveries.length < TOTAL) deliveries.push(d);
    }
    while (deliveries.length < TOTAL) deliveries.push(deliveries[deliveries.length - 2]!);
    const distinct = new Set(deliveries.map((d) => d.updateId));
    expect(deliveries).toHaveLength(TOTAL);
    expect(distinct.size).toBe(DISTINCT);

    // Paced like real traffic (about 150 a second), so the kill lands while the replica is answering and sending.
    const killed = bots[1]!;
    let acks = 0;
    let sentAtKill = 0;
    const t0 = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i < deliveries.length; i += BATCH) {
      const due = t0 + (i / BATCH) * BATCH_EVERY_MS;
      await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
      const batch = await deliverAll(proxy.url, deliveries.slice(i, i + BATCH), {
        connections: 16,
        timeoutMs: 30_000,
        onAnswer: (_i, status) => {
          if (status === 200 && ++acks === KILL_AFTER_ACKS) {
            killed.child.kill('SIGKILL');
            sentAtKill = tg.delivered().length;
          }
        },
      });
      statuses.push(...batch.statuses);
    }
    const deliveredMs = Date.now() - t0;
    await killed.exited;
    const run = { counts: {} as Record<number, number> };
    for (const st of statuses) run.counts[st] = (run.counts[st] ?? 0) + 1;
    expect(run.counts).toEqual({ 200: TOTAL });

    // 3. Every chat gets its reply.
    const chats = [...distinct].map((id) => String(700_000 + (id - 200_000)));
    await waitUntil(() => {
      const per = tg.deliveredPerChat();
      return chats.every((c) => (per.get(c) ?? 0) >= 1);
    }, 90_000);
    const answeredMs = Date.now() - t0;
    await new Promise((r) => setTimeout(r, 1500)); // any late second copy would arrive now

    // A reply is one or more sendMessage calls; it went out twice when its texts came twice.
    const copies = new Map<string, number>();
    for (const c of chats) {
      const texts = tg.delivered(c);
      const counts = new Map<string, number>();
      for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
      copies.set(c, Math.max(0, ...counts.values()));
    }
    const histogram = { once: 0, twice: 0, more: 0, missing: 0 };
    for (const n of copies.values()) {
      if (n === 0) histogram.missing += 1;
      else if (n === 1) histogram.once += 1;
      else if (n === 2) histogram.twice += 1;
      else histogram.more += 1;
    }

    // Which replica took each copy of a repeated update.
    const byUpdate = new Map<number, number[]>();
    for (const s of proxy.served) if (s.updateId !== undefined && s.status === 200) byUpdate.set(s.updateId, [...(byUpdate.get(s.updateId) ?? []), s.backend]);
    const repeated = [...byUpdate.values()].filter((b) => b.length > 1);
    const crossReplica = repeated.filter((b) => new Set(b).size > 1).length;
    const perReplica = bots.map((b) => (b.output().match(/"msg":"message answered"/g) ?? []).length);
    const takenOver = { inbound: 0, outbox: 0 };
    for (const b of bots)
      for (const line of b.output().split('\n'))
        if (line.includes('took over claimed rows')) {
          const { table, rows } = JSON.parse(line) as { table: 'inbound' | 'outbox'; rows: number };
          takenOver[table] += rows;
        }
    const db = await admin(
      schema.url,
      `SELECT (SELECT count(*) FROM inbound)::int AS inbound, (SELECT count(*) FROM outcome)::int AS outcomes,
              (SELECT count(*) FROM outbox)::int AS outbox, (SELECT count(*) FROM outbox WHERE state = 'sent')::int AS sent`,
    );
    const counts = db.rows[0] as { inbound: number; outcomes: number; outbox: number; sent: number };

    console.log(
      [
        `replicas: ${REPLICAS} bot processes on one PostgreSQL behind a round-robin proxy; ${TOTAL} deliveries (${DISTINCT} distinct updates, ${TOTAL - DISTINCT} repeats)`,
        `  acknowledged: ${run.counts[200] ?? 0}/${TOTAL} in ${(deliveredMs / 1000).toFixed(1)} s; replica 1 SIGKILLed after ${KILL_AFTER_ACKS} acks (${sentAtKill} replies sent by then); ${proxy.retried()} requests retried on another replica`,
        `  claims of the killed replica taken over at once by the others: ${takenOver.inbound} messages, ${takenOver.outbox} outbox rows`,
        `  repeats answered by a different replica than the first copy: ${crossReplica} of ${repeated.length}`,
        `  stored: ${counts.inbound} inbound, ${counts.outcomes} outcomes, ${counts.outbox} outbox rows (${counts.sent} sent)`,
        `  answered per replica (log lines): ${perReplica.join(' / ')}`,
        `  replies per update: ${histogram.once} once, ${histogram.twice} twice (in flight in the killed replica), ${histogram.more} more, ${histogram.missing} missing`,
        `  every update answered ${(answeredMs / 1000).toFixed(1)} s after the first delivery; whole test ${((Date.now() - started) / 1000).toFixed(1)} s`,
      ].join('\n'),
    );

    expect(counts.inbound).toBe(DISTINCT);
    expect(counts.outcomes).toBe(DISTINCT);
    expect(histogram.missing).toBe(0);
    expect(histogram.more).toBe(0);
    expect(histogram.twice).toBeLessThanOrEqual(MAX_IN_FLIGHT_SENDS);
    expect(repeated.length).toBeGreaterThanOrEqual(DUPLICATES * 0.9);
    expect(crossReplica).toBeGreaterThanOrEqual(repeated.length * 0.5);
    // The surviving replicas did answer (the work is shared, not all on one).
    expect(perReplica.filter((n, i) => i !== 1 && n > 0)).toHaveLength(REPLICAS - 1);
  });
});
