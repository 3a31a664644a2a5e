/**
 * Conversations end to end, on Zalo (webhook and polling, numbered text) and Telegram (typed text, and the
 * buttons still working): numbered choices, typed ratings, follow-ups and expired choices, through the real
 * app, its store and the fake channel APIs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msg } from '../../src/messages.js';
import { post, startTestApp, type TestApp } from '../support/app.js';
import { callbackUpdate, startFakeTelegram, textUpdate, type FakeTelegram } from '../support/fake-telegram.js';
import { startFakeZalo, zaloTextUpdate, type FakeZalo } from '../support/fake-zalo.js';
import { describePostgres, freshSchema } from '../support/postgres.js';

/** A channel under test: say something in a chat and get the bot's next message back. */
interface Channel {
  app: TestApp;
  /** Sends `text` from chat `chat` and resolves with the text of the bot's next message to that chat. */
  say(chat: number, text: string): Promise<string>;
  /** Whether answers carry the typed rating line (Zalo) or 👍/👎 buttons (Telegram). */
  typedRating: boolean;
  close(): Promise<void>;
}

const ZALO_SECRET = 'zalo-secret_0123456789';
const TG_SECRET = 'tg-secret_0123456789';
const THIRTY_ONE_MIN = 31 * 60_000;

async function zaloChannel(mode: 'webhook' | 'polling'): Promise<Channel> {
  const zalo: FakeZalo = await startFakeZalo();
  const env = { ZALO_BOT_TOKEN: zalo.token, ZALO_API_ROOT: zalo.url };
  const app = await startTestApp(mode === 'webhook' ? { ...env, ZALO_WEBHOOK_SECRET: ZALO_SECRET, PUBLIC_URL: 'https://bot.example.org' } : env);
  const sends = (chatId: string) => zalo.calls.filter((c) => c.method === 'sendMessage' && (c.body as { chat_id?: string }).chat_id === chatId);
  let seq = 0;
  return {
    app,
    typedRating: true,
    async say(chat, text) {
      const chatId = `z${chat}`;
      const before = sends(chatId).length;
      const update = zaloTextUpdate(text, { chatId, userId: chatId, messageId: `m${++seq}` });
      if (mode === 'webhook') expect((await post(`${app.url}/webhooks/zalo`, update, { 'x-bot-api-secret-token': ZALO_SECRET })).status).toBe(200);
      else zalo.queueUpdate(update);
      await zalo.waitFor(() => sends(chatId).length > before, 10_000);
      return String((sends(chatId)[before]!.body as { text?: string }).text);
    },
    async close() {
      await app.stop();
      await zalo.close();
    },
  };
}

async function telegramChannel(): Promise<Channel & { tg: FakeTelegram; press(chat: number, data: string): Promise<void> }> {
  const tg = await startFakeTelegram();
  const app = await startTestApp({ TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url, TELEGRAM_WEBHOOK_SECRET: TG_SECRET, PUBLIC_URL: 'https://bot.example.org' });
  const sends = (chat: number) => tg.sent().filter((c) => c.body.chat_id === String(chat));
  let update = 1000;
  const hook = (body: unknown) => post(`${app.url}/webhooks/telegram`, body, { 'x-telegram-bot-api-secret-token': TG_SECRET });
  return {
    app,
    tg,
    typedRating: false,
    async say(chat, text) {
      const before = sends(chat).length;
      expect((await hook(textUpdate(++update, chat, text))).status).toBe(200);
      await tg.waitFor(() => sends(chat).length > before, 10_000);
      return String(sends(chat)[before]!.body.text);
    },
    async press(chat, data) {
      expect((await hook(callbackUpdate(++update, chat, data))).status).toBe(200);
    },
    async close() {
      await app.stop();
      await tg.close();
    },
  };
}

/** The dialogues every channel must hold; each runs in a chat of its own. */
function describeDialogues(name: string, open: () => Promise<Channel>) {
  describe(`Conversations on ${name}`, () => {
    let ch: Channel;
    beforeAll(async () => {
      ch = await open();
    });
    afterAll(async () => {
      await ch.close();
    });

    it('greeting → numbered menu → "2" answers topic 2', async () => {
      const menu = await ch.say(1, 'xin chào');
      expect(menu).toMatch(/\n1\. Vay vốn/);
      expect(menu).toMatch(/\n2\. Khám sức khỏe/);
      const two = await ch.say(1, '2');
      expect(two).toMatch(/Nguồn: Khám sức khỏe, tầm soát ung thư/);
      if (ch.typedRating) expect(two.endsWith(msg.rateHint)).toBe(true);
      else expect(two).not.toContain(msg.rateHint);
    });

    it('a suggestion list → "số 1" answers the first suggestion', async () => {
      const list = await ch.say(2, 'công nhân');
      const first = /\n1\. (.+)\n/.exec(list)?.[1];
      expect(list).toMatch(/^Có phải bạn muốn hỏi về:/);
      expect(first).toBeDefined();
      const one = await ch.say(2, 'số 1');
      expect(one).toContain(`Nguồn: ${first} (`);
      // Choosing the suggestion is logged as chosen (what learning from chosen suggestions hooks on).
      expect(ch.app.logs.json().some((l) => l.msg === 'message answered' && typeof l.chosen === 'string')).toBe(true);
    });

    it('an answer → "sai rồi" puts it in the review queue with the answer', async () => {
      const answer = await ch.say(3, '6 tháng đầu năm 2024 Quỹ Trợ vốn giải ngân bao nhiêu tiền?');
      expect(answer).toMatch(/Nguồn: /);
      expect(await ch.say(3, 'sai rồi')).toBe(msg.feedbackSorry);
      const [group] = await ch.app.store.listReview({});
      expect(group).toMatchObject({ question: '6 tháng đầu năm 2024 Quỹ Trợ vốn giải ngân bao nhiêu tiền?', reasons: ['feedback'] });
      const item = await ch.app.store.getReview(group!.id);
      expect(item?.entries[0]?.botText).toMatch(/Nguồn: Vay vốn từ Quỹ Trợ vốn/);
      // Nothing left to rate: a second "sai rồi" is not a second complaint.
      expect(await ch.say(3, 'sai rồi')).toBe(msg.nothingToRate);
      expect((await ch.app.store.getReview(group!.id))?.count).toBe(1);
    });

    it('"cảm ơn" after an answer is a thumbs-up, and "không đúng lịch thì sao" is still a question', async () => {
      await ch.say(4, 'khám sức khỏe miễn phí');
      expect(await ch.say(4, 'cảm ơn bạn nhiều')).toBe(msg.feedbackThanks);
      await ch.say(4, 'khám sức khỏe miễn phí');
      expect(await ch.say(4, 'không đúng lịch thì sao')).not.toMatch(/^Cảm ơn/);
    });

    it('a follow-up is answered with the carried topic and says so; a new question is not mixed in', async () => {
      await ch.say(5, 'vay vốn công đoàn thế nào');
      const follow = await ch.say(5, 'hỏi ở đâu');
      expect(follow).toMatch(/^Về vay vốn: /);
      expect(follow).toMatch(/Nguồn: Vay vốn từ Quỹ Trợ vốn/);
      const fresh = await ch.say(5, 'khám sức khỏe miễn phí ở đâu');
      expect(fresh).not.toMatch(/^Về /);
      expect(fresh).toMatch(/Nguồn: Khám sức khỏe/);
    });

    it('a number after the choices expired gets the hint with the menu, and the next number picks from it', async () => {
      await ch.say(6, 'menu');
      // As if 31 minutes passed: the store drops the expired state (what the hourly clean-up does).
      expect(await ch.app.store.pruneConversations(Date.now() + THIRTY_ONE_MIN)).toBeGreaterThan(0);
      const hint = await ch.say(6, '2');
      expect(hint).toMatch(/^Mình chưa rõ số này chọn gì/);
      expect(hint).toMatch(/\n1\. Vay vốn/);
      expect(hint).not.toMatch(/Nguồn:/);
      expect(await ch.say(6, '1')).toMatch(/Nguồn: Vay vốn từ Quỹ Trợ vốn/);
    });

    it('a bare number with nothing ever offered gets the hint, not a quoted paragraph', async () => {
      const hint = await ch.say(7, '2');
      expect(hint).toMatch(/^Mình chưa rõ số này chọn gì/);
      expect((await ch.app.store.listReview({})).some((g) => g.question === '2')).toBe(false);
    });
  });
}

describeDialogues('Zalo (webhook)', () => zaloChannel('webhook'));
describeDialogues('Zalo (polling)', () => zaloChannel('polling'));
describeDialogues('Telegram (typed text)', () => telegramChannel());

describe('Telegram buttons and typed numbers together', () => {
  it('offers the menu as buttons, and a button and a typed number give the same answer', async () => {
    const ch = await telegramChannel();
    try {
      await ch.say(8, '/start');
      const markup = ch.tg.sent().at(-1)?.body.reply_markup as { inline_keyboard: { callback_data: string }[][] };
      expect(markup.inline_keyboard.flat().map((b) => b.callback_data)).toContain('t:suc-khoe');
      await ch.press(8, 't:suc-khoe');
      await ch.tg.waitFor(() => ch.tg.sent('sendMessage').filter((c) => c.body.chat_id === '8').length >= 2);
      const byButton = String(ch.tg.sent('sendMessage').filter((c) => c.body.chat_id === '8')[1]?.body.text);
      await ch.say(8, 'menu');
      const typed = await ch.say(8, '2');
      expect(typed).toBe(byButton);
    } finally {
      await ch.close();
    }
  });
});

describePostgres('Conversations across PostgreSQL replicas', () => {
  it('keeps one chat\'s conversation whichever replica gets each message', { timeout: 60_000 }, async () => {
    const schema = await freshSchema('conv');
    const zalo = await startFakeZalo();
    const env = { DATABASE_URL: schema.url, ZALO_BOT_TOKEN: zalo.token, ZALO_API_ROOT: zalo.url, ZALO_WEBHOOK_SECRET: ZALO_SECRET, PUBLIC_URL: 'https://bot.example.org' };
    const replicas = [await startTestApp(env), await startTestApp(env)];
    try {
      const sends = () => zalo.calls.filter((c) => c.method === 'sendMessage' && (c.body as { chat_id?: string }).chat_id === 'rz');
      let seq = 0;
      /** Sends a message to replica `r` (the balancer's choice) and returns the bot's reply, from whichever replica answered. */
      const say = async (r: number, text: string) => {
        const before = sends().length;
        const update = zaloTextUpdate(text, { chatId: 'rz', userId: 'rz', messageId: `r${++seq}` });
        expect((await post(`${replicas[r]!.url}/webhooks/zalo`, update, { 'x-bot-api-secret-token': ZALO_SECRET })).status).toBe(200);
        await zalo.waitFor(() => sends().length > before, 10_000);
        return String((sends()[before]!.body as { text?: string }).text);
      };
      expect(await say(0, 'xin chào')).toMatch(/\n2\. Khám sức khỏe/);
      expect(await say(1, '2')).toMatch(/Nguồn: Khám sức khỏe, tầm soát ung thư/);
      expect(await say(0, 'sai rồi')).toBe(msg.feedbackSorry);
      expect(await say(1, 'vay vốn công đoàn thế nào')).toMatch(/^(?!Về )[^]*Nguồn: Vay vốn/);
      expect(await say(0, 'hỏi ở đâu')).toMatch(/^Về vay vốn: /);
      const [group] = await replicas[1]!.store.listReview({});
      expect(group).toMatchObject({ reasons: ['feedback'] });
    } finally {
      for (const r of replicas) await r.stop();
      await zalo.close();
      await schema.drop();
    }
  });
});
