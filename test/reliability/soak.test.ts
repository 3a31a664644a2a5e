/**
 * Soak: 5,000 webhook deliveries from 50 concurrent connections, 10 % of them redeliveries of an update
 * already sent and 5 % malformed, while the fake Telegram API fails 5 % of sends with 500 and 1 % with 429
 * `retry_after`. Every valid message is answered exactly once (one delivered reply per chat, as each valid
 * update comes from its own chat). Counts only; nothing here asserts a timing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, waitUntil, type TestApp } from '../support/app.js';
import { deliverAll, type Delivery } from '../support/deliver.js';
import { callbackUpdate, textUpdate } from '../support/fake-telegram.js';
import { seededRandom } from '../support/random.js';
import { startTelegramLedger, type TelegramLedger } from '../support/telegram-ledger.js';
import { loadDevSet } from '../../bench/lib/devset.js';

const SECRET = 'soak-secret_0123456789';
const HEADER = 'x-telegram-bot-api-secret-token';
const TOTAL = 5000;
const CONNECTIONS = 50;
const DUPLICATES = TOTAL * 0.1;
const MALFORMED = TOTAL * 0.05;
const VALID = TOTAL - DUPLICATES - MALFORMED;

const MALFORMED_BODIES = [
  '{"update_id": 1, ',
  '',
  'null',
  '[]',
  '"text"',
  '{"hello":"world"}',
  '{"update_id":"not a number","message":{}}',
  '{"update_id":-5}',
  '{"update_id":1.5}',
  '\u0000\u0001binary',
  '{"update_id":1}}',
  '{"update_id":1,"message":{"message_id":"x","chat":{"id":1,"type":"private"}}}',
];

describe('soak: 5,000 deliveries, duplicates, malformed bodies, a flaky Telegram', () => {
  let tg: TelegramLedger;
  let app: TestApp;
  beforeAll(async () => {
    tg = await startTelegramLedger({ seed: 20240601 });
    app = await startTestApp({ TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url, TELEGRAM_WEBHOOK_SECRET: SECRET, PUBLIC_URL: 'https://bot.example.org' });
  });
  afterAll(async () => {
    await app?.stop();
    await tg?.close();
  });

  it('answers every valid message exactly once', { timeout: 80_000 }, async () => {
    const random = seededRandom(42);
    const questions = loadDevSet().map((it) => it.q);
    // Valid updates, each from its own chat: mostly questions, some /start, stickers and topic buttons.
    const valid: { chatId: string; body: string }[] = [];
    for (let i = 0; i < VALID; i++) {
      const updateId = 10_000 + i;
      const chatId = 500_000 + i;
      const r = random();
      const update =
        r < 0.8
          ? textUpdate(updateId, chatId, questions[i % questions.length] ?? 'vay vốn')
          : r < 0.88
            ? textUpdate(updateId, chatId, '/start')
            : r < 0.94
              ? { update_id: updateId, message: { message_id: updateId, date: 1_700_000_000, chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'A' }, sticker: { file_id: 'x' } } }
              : callbackUpdate(updateId, chatId, 't:suc-khoe');
      valid.push({ chatId: String(chatId), body: JSON.stringify(update) });
    }
    const headers = { [HEADER]: SECRET };
    const deliveries: (Delivery & { kind: 'valid' | 'duplicate' | 'malformed' })[] = valid.map((v) => ({ path: '/webhooks/telegram', body: v.body, headers, kind: 'valid' }));
    for (let i = 0; i < DUPLICATES; i++) {
      const original = valid[Math.floor(random() * valid.length)];
      deliveries.push({ path: '/webhooks/telegram', body: original?.body ?? '', headers, kind: 'duplicate' });
    }
    for (let i = 0; i < MALFORMED; i++) deliveries.push({ path: '/webhooks/telegram', body: MALFORMED_BODIES[i % MALFORMED_BODIES.length] ?? '', headers, kind: 'malformed' });
    // Shuffle (seeded): duplicates may arrive before, during or after their original.
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }

    tg.failSends({ rate500: 0.05, rate429: 0.01, retryAfter: 1 });
    const report = await deliverAll(app.url, deliveries, { connections: CONNECTIONS });

    const byKind = { valid: {} as Record<number, number>, duplicate: {} as Record<number, number>, malformed: {} as Record<number, number> };
    deliveries.forEach((d, i) => {
      const s = report.statuses[i] ?? -1;
      byKind[d.kind][s] = (byKind[d.kind][s] ?? 0) + 1;
    });

    // Every valid chat gets its reply, and the outbox runs dry (nothing pending, nothing given up).
    const chats = new Set(valid.map((v) => v.chatId));
    await waitUntil(() => {
      const per = tg.deliveredPerChat();
      for (const c of chats) if (!per.get(c)) return false;
      return true;
    }, 60_000);
    await waitUntil(async () => (await app.store.pendingInbound(1)).length === 0 && (await app.store.dueOutbox(Date.now() + 10 ** 9, 1)).length === 0, 20_000);
    await new Promise((r) => setTimeout(r, 300)); // anything sent twice would show up now

    const per = tg.deliveredPerChat();
    const twice = [...chats].filter((c) => (per.get(c) ?? 0) !== 1);
    const strangers = [...per.keys()].filter((c) => !chats.has(c));
    const gaveUp = app.logs.lines.filter((l) => l.includes('send failed, giving up')).length;
    console.log(
      [
        `soak: ${TOTAL} deliveries over ${CONNECTIONS} connections: ${VALID} valid, ${DUPLICATES} duplicates, ${MALFORMED} malformed`,
        `  HTTP answers: valid ${JSON.stringify(byKind.valid)}, duplicate ${JSON.stringify(byKind.duplicate)}, malformed ${JSON.stringify(byKind.malformed)}`,
        `  sendMessage answers from the fake: ${JSON.stringify(tg.sendStatuses())}`,
        `  chats answered once: ${chats.size - twice.length}/${chats.size}; answered more than once or never: ${twice.length}; replies to unknown chats: ${strangers.length}; gave up: ${gaveUp}`,
      ].join('\n'),
    );

    expect(byKind.valid).toEqual({ 200: VALID });
    expect(byKind.duplicate).toEqual({ 200: DUPLICATES });
    expect(byKind.malformed).toEqual({ 400: MALFORMED });
    expect(tg.sendStatuses()[500] ?? 0).toBeGreaterThan(0);
    expect(tg.sendStatuses()[429] ?? 0).toBeGreaterThan(0);
    expect(twice).toEqual([]);
    expect(strangers).toEqual([]);
    expect(gaveUp).toBe(0);
  });
});
