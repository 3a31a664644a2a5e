/**
 * Hostile input: property tests (fast-check) over the tokenizer, the folding and the query builder with
 * any Unicode string up to the question length cap; questions over the cap get a clear message; request
 * bodies over the limit get 413. Bounded: a fixed number of runs per property, fixed seeds.
 */
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer/answer.js';
import { ANSWER_POLICY } from '../../src/answer/policy.js';
import { MAX_BODY_BYTES } from '../../src/http/webhook.js';
import { msg } from '../../src/messages.js';
import { fold } from '../../src/search/fold.js';
import { analyseQuery } from '../../src/search/query.js';
import { bigrams, tokenize, tokenizePhrases } from '../../src/search/tokenize.js';
import { post, startTestApp, type TestApp } from '../support/app.js';
import { startFakeZalo, zaloTextUpdate, type FakeZalo } from '../support/fake-zalo.js';
import { realSnapshot } from '../support/knowledge.js';
import { textUpdate } from '../support/fake-telegram.js';
import { startTelegramLedger, type TelegramLedger } from '../support/telegram-ledger.js';

const CAP = ANSWER_POLICY.maxQuestionChars;
const RUNS = { numRuns: 300, seed: 20240601 } as const;

/** Characters that stress the pipeline: Vietnamese letters and tone marks, Lunr query syntax, separators. */
const NASTY = [
  ...'aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵĐƯƠ',
  '\u0300', '\u0301', '\u0303', '\u0309', '\u0323', '\u0306', '\u0302', '\u031b', // combining marks (decomposed input)
  ...':~^*+-_.,/;!?()[]{}"\'“”«»|\\<>&@#%$`=', // Lunr syntax and punctuation
  ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u200b', '\u200d', '\ufeff', '\u202e', '\u2028', // odd spaces, ZWJ, RTL override
  '0', '1', '17,3', '4.158', '31/5/2024', '١٢٣', // digits, Arabic-Indic digits
  'İ', 'ß', 'ﬁ', 'Σ', 'ǅ', '\u0130\u0307', // case-mapping edge cases
  '😀', '👍🏽', '🇻🇳', '\ud83d', '\ude00', // emoji, flags, lone surrogates
  'NLĐ', 'BHXH', 'ko', 'đc', 'cty', 'bao nhiêu', 'cho em hỏi', // glossary and stop words
];

/** Any string: full Unicode code points, grapheme clusters, lone UTF-16 units, or the nasty set; any length up to the cap. */
const anyText = (maxLength = CAP) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength, size: 'max' }),
    fc.string({ unit: 'grapheme', maxLength, size: 'max' }),
    fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength, size: 'max' }),
    fc.array(fc.constantFrom(...NASTY), { maxLength: Math.floor(maxLength / 3), size: 'max' }).map((parts) => parts.join('').slice(0, maxLength)),
    fc.string({ maxLength, size: 'small' }),
  );

describe('hostile input: tokenizer, folding, query builder (fast-check)', () => {
  it('tokenize, tokenizePhrases and bigrams never throw and give non-empty tokens without spaces', () => {
    fc.assert(
      fc.property(anyText(), (s) => {
        const tokens = tokenize(s);
        for (const t of tokens) expect(t.length > 0 && !/\s/u.test(t)).toBe(true);
        const phrases = tokenizePhrases(s);
        for (const p of phrases) expect(p.length).toBeGreaterThan(0);
        expect(bigrams(tokens).length).toBe(Math.max(0, tokens.length - 1));
      }),
      RUNS,
    );
  });

  it('fold never throws, is idempotent, and leaves no marks, no đ, no double or edge spaces', () => {
    fc.assert(
      fc.property(anyText(), (s) => {
        const f = fold(s);
        expect(fold(f)).toBe(f);
        expect(/\p{M}|[đĐ]|\s\s|^\s|\s$/u.test(f)).toBe(false);
      }),
      RUNS,
    );
  });

  it('fold is idempotent for every single code point', () => {
    const bad: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const f = fold(String.fromCodePoint(cp));
      if (fold(f) !== f) bad.push(cp.toString(16));
    }
    expect(bad).toEqual([]);
  });

  it('analyseQuery never throws; its terms are folded, unique, non-empty and free of Lunr query syntax', async () => {
    const { kb } = await realSnapshot();
    fc.assert(
      fc.property(anyText(), (s) => {
        const q = analyseQuery(s, kb.glossary);
        for (const t of [...q.folded, ...q.bigrams, ...q.expansions.folded]) {
          expect(t.length).toBeGreaterThan(0);
          expect(fold(t)).toBe(t);
        }
        // The compiled index matches exact terms; Lunr would read `*` as a wildcard (test/search-compiled.test.ts).
        for (const t of [...q.tokens, ...q.folded, ...q.bigrams, ...q.expansions.folded, ...q.expansions.bigrams]) expect(t).not.toMatch(/[*:~^+\s]/);
        expect(new Set(q.folded).size).toBe(q.folded.length);
      }),
      RUNS,
    );
  });

  it('answerQuestion never throws for any string up to the cap and always has text to send', async () => {
    const snap = await realSnapshot();
    fc.assert(
      fc.property(anyText(), (s) => {
        const r = answerQuestion(snap, s, { now: Date.now() });
        expect(['answer', 'suggest', 'decline']).toContain(r.status);
        expect(r.text.trim().length).toBeGreaterThan(0);
      }),
      { ...RUNS, numRuns: 150 },
    );
  });

  it('a stray combining mark (after a space, punctuation or emoji) changes no answer', async () => {
    const snap = await realSnapshot();
    for (const q of ['vay vốn quỹ trợ vốn', 'khám sức khỏe miễn phí', 'xe đưa công nhân về quê ăn Tết']) {
      const plain = answerQuestion(snap, q, { now: 0 });
      for (const noise of [' \u0301', ' ?\u0300', ' 😀\u0303', '\u0323 ']) {
        const r = answerQuestion(snap, `${q}${noise}`, { now: 0 });
        expect([r.status, r.confidence]).toEqual([plain.status, plain.confidence]);
      }
    }
    expect(answerQuestion(snap, ' \u0301\u0301 ', { now: 0 }).text).toBe(msg.empty);
  });

  it('a question over the cap gets the clear "too long" message, however it is made', async () => {
    const snap = await realSnapshot();
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 50 }), fc.integer({ min: CAP + 1, max: 20_000 }), (unit, length) => {
        const filler = unit.trim() ? unit : 'a';
        let s = '';
        while (s.normalize('NFC').trim().length <= length) s += filler;
        const r = answerQuestion(snap, s, { now: Date.now() });
        expect(r.text).toBe(msg.tooLong(CAP));
        expect(r.status).not.toBe('answer');
      }),
      { numRuns: 50, seed: 7 },
    );
    // Exactly at the cap is still a question.
    expect(answerQuestion(snap, 'vay vốn '.repeat(CAP).slice(0, CAP), { now: Date.now() }).text).not.toBe(msg.tooLong(CAP));
  });
});

describe('hostile input over HTTP', () => {
  const SECRET = 'hostile-secret_0123456789';
  let tg: TelegramLedger;
  let zalo: FakeZalo;
  let app: TestApp;
  beforeAll(async () => {
    tg = await startTelegramLedger();
    zalo = await startFakeZalo();
    app = await startTestApp({
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.url,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      ZALO_BOT_TOKEN: zalo.token,
      ZALO_API_ROOT: zalo.url,
      ZALO_WEBHOOK_SECRET: SECRET,
      PUBLIC_URL: 'https://bot.example.org',
    });
  });
  afterAll(async () => {
    await app?.stop();
    await tg?.close();
    await zalo?.close();
  });
  const tgHeaders = { 'x-telegram-bot-api-secret-token': SECRET };
  const zaloHeaders = { 'x-bot-api-secret-token': SECRET };

  it('answers a Telegram question over the cap with the "too long" message', async () => {
    const long = 'Cho em hỏi về vay vốn công đoàn '.repeat(60); // ~1,900 characters, under Telegram's 4,096
    expect(long.length).toBeGreaterThan(CAP);
    expect((await post(`${app.url}/webhooks/telegram`, textUpdate(1, 4242, long), tgHeaders)).status).toBe(200);
    await tg.waitFor(() => tg.delivered('4242').length >= 1);
    expect(tg.delivered('4242')).toEqual([msg.tooLong(CAP)]);
  });

  it.each([
    ['telegram', '/webhooks/telegram', tgHeaders],
    ['zalo', '/webhooks/zalo', zaloHeaders],
  ] as const)('%s: a body over the limit gets 413, declared or streamed without a length', async (_name, path, headers) => {
    const huge = JSON.stringify({ ...textUpdate(2, 4243, 'vay'), pad: 'x'.repeat(MAX_BODY_BYTES) });
    const declared = await post(`${app.url}${path}`, huge, headers);
    expect(declared.status).toBe(413);
    // The server drops the unread body with the connection; it says so, so the client does not reuse it.
    expect(declared.headers.get('connection')).toBe('close');
    // Chunked, no content-length: the limit still holds while reading.
    const res = await fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: Readable.toWeb(Readable.from([huge.slice(0, 1000), huge.slice(1000)])) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    // Just under the limit is read (and rejected only as a non-update when it is one).
    const fits = JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES - 100) });
    expect((await post(`${app.url}${path}`, fits, headers)).status).toBe(400);
  });

  it('a Zalo text over the cap gets the "too long" message too', async () => {
    const long = 'vay vốn '.repeat(200);
    expect((await post(`${app.url}/webhooks/zalo`, zaloTextUpdate(long, { chatId: 'z-long', messageId: 'm-long' }), zaloHeaders)).status).toBe(200);
    await zalo.waitFor((calls) => calls.some((c) => c.method === 'sendMessage' && (c.body as { chat_id?: string }).chat_id === 'z-long'), 5000);
    const sent = zalo.calls.find((c) => c.method === 'sendMessage' && (c.body as { chat_id?: string }).chat_id === 'z-long');
    expect((sent?.body as { text?: string }).text).toBe(msg.tooLong(CAP));
  });
});
