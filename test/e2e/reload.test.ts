import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KNOWLEDGE_DIR } from '../support/knowledge.js';
import { startFakeTelegram, textUpdate, type FakeTelegram } from '../support/fake-telegram.js';
import { post, startTestApp, waitUntil, type TestApp } from '../support/app.js';
import { policyNote, tempCopy } from '../support/tmp.js';

const TG_SECRET = 'tg-secret_0123456789';
const NOTE = 'policies/xe-dua-don.md';
const QUESTION = 'xe đưa đón công nhân ca đêm';
const V1 = 'Công đoàn cơ sở phối hợp doanh nghiệp bố trí xe đưa đón công nhân làm ca đêm về khu nhà trọ an toàn.';
const V2 = 'Từ tháng sau, xe đưa đón công nhân ca đêm chạy thêm tuyến về khu nhà trọ Kim Chung mỗi tối.';

describe('knowledge built off the event loop', () => {
  let tg: FakeTelegram;
  let app: TestApp | undefined;
  let kb: { dir: string; cleanup(): void };
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await tg.close();
    kb.cleanup();
  });

  const start = async (opts: { waitForKnowledge?: boolean; indexDelayMs?: number; answerDelayMs?: number }) => {
    tg = await startFakeTelegram();
    kb = tempCopy(KNOWLEDGE_DIR);
    writeFileSync(path.join(kb.dir, NOTE), policyNote('Xe đưa đón công nhân ca đêm', V1));
    app = await startTestApp(
      { KNOWLEDGE_DIR: kb.dir, PUBLIC_URL: 'https://bot.example.org', TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url, TELEGRAM_WEBHOOK_SECRET: TG_SECRET },
      undefined,
      opts,
    );
    return app;
  };
  const ask = (a: TestApp, id: number, chat: number, text: string) => post(`${a.url}/webhooks/telegram`, textUpdate(id, chat, text), { 'x-telegram-bot-api-secret-token': TG_SECRET });
  const replyTo = (chat: number) => tg.waitFor(() => tg.sent().find((c) => c.method === 'sendMessage' && c.body.chat_id === String(chat)), 20_000);
  const logged = (a: TestApp, text: string) => a.logs.json().some((l) => l.msg === text);

  it('answers a question asked during a slow rebuild from the old snapshot, then from the new one', async () => {
    const a = await start({ indexDelayMs: 2500 });
    writeFileSync(path.join(kb.dir, NOTE), policyNote('Xe đưa đón công nhân ca đêm', V2));
    await waitUntil(() => logged(a, 'knowledge reload started'));
    expect((await ask(a, 1, 101, QUESTION)).status).toBe(200);
    const during = await replyTo(101);
    // The reply came while the rebuild was still running, from the snapshot in use before it.
    expect(logged(a, 'knowledge reloaded')).toBe(false);
    expect(String(during.body.text)).toContain(V1);

    await waitUntil(() => logged(a, 'knowledge reloaded'), 20_000);
    await ask(a, 2, 102, QUESTION);
    expect(String((await replyTo(102)).body.text)).toContain('Kim Chung');
  });

  it('acknowledges webhooks before the first index is ready; the questions wait for it rather than get a “don’t know”', async () => {
    const a = await start({ waitForKnowledge: false, indexDelayMs: 1500 });
    const health = (await (await fetch(`${a.url}/healthz`)).json()) as { status: string; knowledge: { ready: boolean } };
    expect(health).toMatchObject({ status: 'starting', knowledge: { ready: false } });
    expect((await ask(a, 3, 103, QUESTION)).status).toBe(200);
    const reply = await replyTo(103);
    expect(logged(a, 'knowledge loaded')).toBe(true);
    expect(String(reply.body.text)).toContain(V1);
    expect(((await (await fetch(`${a.url}/healthz`)).json()) as { status: string }).status).toBe('ok');
  });

  it('answers in a thread of its own: while a question is being answered, webhooks are acknowledged and /healthz answers', async () => {
    const a = await start({ answerDelayMs: 2000 }); // each decision in the answer thread takes 2 s
    await waitUntil(() => logged(a, 'answer thread answering')); // fed (a first start does not wait for it)
    expect((await ask(a, 4, 104, QUESTION)).status).toBe(200);
    for (let i = 0; i < 5; i++) {
      expect((await ask(a, 10 + i, 110 + i, 'cảm ơn')).status).toBe(200);
      expect((await fetch(`${a.url}/healthz`)).status).toBe(200);
    }
    // Everything above was answered by the main thread while the answer thread was still deciding.
    expect(tg.sent().filter((c) => c.method === 'sendMessage')).toEqual([]);
    expect(String((await replyTo(104)).body.text)).toContain(V1);
  });
});
