import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeZalo, zaloTextUpdate, zaloUpdate, type FakeZalo } from '../support/fake-zalo.js';
import { post, startTestApp, waitUntil, type TestApp } from '../support/app.js';

const SECRET = 'zalo-secret_0123456789';
const HEADER = 'x-bot-api-secret-token';
const sends = (z: FakeZalo, chatId?: string) =>
  z.calls.filter((c) => c.method === 'sendMessage' && (chatId === undefined || (c.body as { chat_id?: string }).chat_id === chatId));
const textOf = (c: { body: unknown }) => String((c.body as { text?: string }).text);

describe('Zalo webhook mode', () => {
  let zalo: FakeZalo;
  let app: TestApp;
  beforeEach(async () => {
    zalo = await startFakeZalo();
    app = await startTestApp({ ZALO_BOT_TOKEN: zalo.token, ZALO_API_ROOT: zalo.url, ZALO_WEBHOOK_SECRET: SECRET, PUBLIC_URL: 'https://bot.example.org' });
  });
  afterEach(async () => {
    await app.stop();
    await zalo.close();
  });
  const hook = (body: unknown, secret: string | null = SECRET) => post(`${app.url}/webhooks/zalo`, body, secret ? { [HEADER]: secret } : {});

  it('registers the webhook with its secret', () => {
    expect(zalo.webhook).toMatchObject({ url: 'https://bot.example.org/webhooks/zalo', secretToken: SECRET });
  });

  it('answers a text event (typing first), bare or wrapped in { ok, result }', async () => {
    expect((await hook(zaloTextUpdate('kham suc khoe mien phi', { chatId: 'c1', messageId: 'm1' }))).status).toBe(200);
    expect((await hook({ ok: true, result: zaloTextUpdate('muon vay von quy tro von thi hoi ai', { chatId: 'c2', messageId: 'm2' }) })).status).toBe(200);
    await zalo.waitFor(() => sends(zalo).length >= 2, 5000);
    expect(textOf(sends(zalo, 'c1')[0]!)).toMatch(/Nguồn: /);
    expect(textOf(sends(zalo, 'c2')[0]!)).toMatch(/Nguồn: /);
    const methods = zalo.calls.map((c) => c.method);
    expect(methods.indexOf('sendChatAction')).toBeLessThan(methods.indexOf('sendMessage'));
  });

  it('rejects a wrong or missing secret (401), malformed JSON (400), an invalid event (400), a huge body (413)', async () => {
    expect((await hook(zaloTextUpdate('vay'), 'wrong-secret-000000000')).status).toBe(401);
    expect((await hook(zaloTextUpdate('vay'), null)).status).toBe(401);
    expect((await hook('{"event_name":')).status).toBe(400);
    expect((await hook({ event_name: 'message.text.received' })).status).toBe(400);
    expect((await hook({ ok: true, result: zaloTextUpdate('x'.repeat(300 * 1024)) })).status).toBe(413);
    await new Promise((r) => setTimeout(r, 200));
    expect(sends(zalo)).toHaveLength(0);
  });

  it('answers a duplicate delivery (same chat and message id) once', async () => {
    const u = zaloTextUpdate('tet sum vay', { chatId: 'c3', messageId: 'dup' });
    await hook(u);
    await hook(u);
    await zalo.waitFor(() => sends(zalo, 'c3').length >= 1, 5000);
    await new Promise((r) => setTimeout(r, 300));
    expect(sends(zalo, 'c3')).toHaveLength(1);
  });

  it('answers two deliveries whose chat and message ids only differ in where a ":" falls', async () => {
    await hook(zaloTextUpdate('tet sum vay', { chatId: 'a:b', messageId: 'c' }));
    await hook(zaloTextUpdate('tet sum vay', { chatId: 'a', messageId: 'b:c' }));
    await zalo.waitFor(() => sends(zalo, 'a:b').length >= 1 && sends(zalo, 'a').length >= 1, 5000);
    expect(app.logs.text()).not.toMatch(/duplicate delivery ignored/);
  });

  it('acknowledges group chat messages without answering them; private chats only', async () => {
    expect((await hook(zaloTextUpdate('kham suc khoe mien phi', { chatId: 'g1', messageId: 'mg1', chatType: 'GROUP' }))).status).toBe(200);
    expect((await hook(zaloUpdate({ eventName: 'message.sticker.received', chatId: 'g1', messageId: 'mg2', chatType: 'GROUP', extra: { sticker: 's1' } }))).status).toBe(200);
    // A private message sent after them is answered; by then the group ones would have been too.
    expect((await hook(zaloTextUpdate('kham suc khoe mien phi', { chatId: 'p1', messageId: 'mp1' }))).status).toBe(200);
    await zalo.waitFor(() => sends(zalo, 'p1').length >= 1, 5000);
    expect(sends(zalo, 'g1')).toHaveLength(0);
    expect(zalo.calls.filter((c) => c.method === 'sendChatAction' && (c.body as { chat_id?: string }).chat_id === 'g1')).toHaveLength(0);
  });

  it('hints on stickers and images', async () => {
    await hook(zaloUpdate({ eventName: 'message.sticker.received', chatId: 'c4', extra: { sticker: 's1' } }));
    await zalo.waitFor(() => sends(zalo, 'c4').length >= 1, 5000);
    expect(textOf(sends(zalo, 'c4')[0]!)).toMatch(/chữ/);
  });

  it('retries when the API answers ok:false or 500, logs a ZaloApiError without the token, loses nothing', async () => {
    zalo.failNext('sendMessage', 'ok-false', 2, { errorCode: 400, description: 'Bad request' });
    zalo.failNext('sendMessage', 'http-500', 1);
    await hook(zaloTextUpdate('kham suc khoe mien phi', { chatId: 'c5', messageId: 'm5' }));
    await zalo.waitFor(() => sends(zalo, 'c5').length >= 4, 10_000);
    await waitUntil(async () => (await app.store.dueOutbox(Date.now() + 10 ** 9, 10)).length === 0);
    const logs = app.logs.text();
    expect(logs).toMatch(/ZaloApiError/);
    expect(logs).not.toContain(zalo.token);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});

describe('Zalo polling mode', () => {
  it('polls getUpdates and answers', async () => {
    const zalo = await startFakeZalo();
    const app = await startTestApp({ ZALO_BOT_TOKEN: zalo.token, ZALO_API_ROOT: zalo.url });
    try {
      zalo.queueUpdate(zaloTextUpdate('thoa uoc lao dong tap the', { chatId: 'p1', messageId: 'pm1' }));
      await zalo.waitFor(() => sends(zalo, 'p1').length >= 1, 5000);
      expect(textOf(sends(zalo, 'p1')[0]!)).toMatch(/Nguồn: /);
    } finally {
      await app.stop();
      await zalo.close();
    }
  });
});
