/**
 * Reliability: both channel APIs fail for a simulated outage longer than the old give-up (10 tries, about
 * 8.5 minutes), then recover: every acknowledged update gets exactly one reply. And one channel hanging does not
 * hold up the other channel, nor answering. The dispatcher's clock is simulated; the APIs answer in real time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textUpdate } from '../support/fake-telegram.js';
import { zaloTextUpdate } from '../support/fake-zalo.js';
import { startDispatchRig, type DispatchRig } from '../support/dispatch.js';

const MIN = 60_000;
const QUESTIONS = ['vay vốn công đoàn', 'khám sức khỏe miễn phí', 'hỗ trợ tết cho công nhân'];

describe('outage and recovery', () => {
  let rig: DispatchRig;
  afterEach(async () => {
    await rig.close();
  });

  it('delivers exactly one reply per acknowledged update after a 30-minute outage of both APIs', async () => {
    rig = await startDispatchRig();
    rig.tg.fail('sendMessage', { status: 500 }, { rate: 1 });
    rig.zalo.failNext('sendMessage', 'http-500', 100_000);
    for (const [i, q] of QUESTIONS.entries()) {
      expect(await rig.telegram.receive(textUpdate(100 + i, 800 + i, q))).toBe(true);
      expect(await rig.zaloChannel.receive(zaloTextUpdate(q, { chatId: `z${i}`, messageId: `m${i}` }))).toBe(true);
    }
    await rig.dispatcher.drain();
    for (let s = 0; s < 60; s++) {
      rig.advance(30_000);
      await rig.dispatcher.drain();
    }
    expect(await rig.store.outboxHealth()).toEqual({ pending: 6, failed: 0 });

    rig.tg.recover();
    rig.zalo.clearFailures();
    const tgFrom = rig.tg.calls.length;
    const zaloFrom = rig.zalo.calls.length;
    rig.advance(3.6 * MIN);
    await rig.dispatcher.drain();
    rig.advance(60 * MIN);
    await rig.dispatcher.drain();

    const tgReplies = rig.tg.calls.slice(tgFrom).filter((c) => c.method === 'sendMessage').map((c) => c.body.chat_id);
    const zaloReplies = rig.zalo.calls.slice(zaloFrom).filter((c) => c.method === 'sendMessage').map((c) => (c.body as { chat_id: string }).chat_id);
    expect(tgReplies.sort()).toEqual(['800', '801', '802']);
    expect(zaloReplies.sort()).toEqual(['z0', 'z1', 'z2']);
    expect(await rig.store.outboxHealth()).toEqual({ pending: 0, failed: 0 });
  });

  describe('one channel hanging', () => {
    beforeEach(async () => {
      rig = await startDispatchRig({ tickMs: 50, telegramSendTimeoutMs: 1500 });
      rig.dispatcher.start();
    });

    it('keeps answering and keeps Zalo sending while Telegram sendMessage hangs, then Telegram catches up once each', async () => {
      rig.tg.fail('sendMessage', { status: 'hang' }, { rate: 1 });
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) await rig.telegram.receive(textUpdate(200 + i, 900 + i, QUESTIONS[i % 3]!));
      await rig.tg.waitFor(() => rig.tg.sent().length >= 5, 5000);
      for (let i = 0; i < 5; i++) await rig.zaloChannel.receive(zaloTextUpdate(QUESTIONS[i % 3]!, { chatId: `h${i}`, messageId: `hm${i}` }));
      // Zalo answers within its normal latency while five Telegram sends hang.
      await rig.zalo.waitFor((calls) => new Set(calls.filter((c) => c.method === 'sendMessage').map((c) => (c.body as { chat_id: string }).chat_id)).size === 5, 3000);
      // Every message was answered (outcome stored), Telegram's too.
      for (const m of [...(await rig.store.pendingInbound(100))]) ids.push(m.id);
      expect(ids).toEqual([]);

      // The hung sends time out (bounded request timeout) and wait for a retry.
      const timedOut = () => rig.logs.json().filter((l) => l.channel === 'telegram' && l.msg === 'send failed, will retry').length;
      await rig.tg.waitFor(() => timedOut() >= 5, 5000);
      rig.tg.recover();
      const from = rig.tg.calls.length;
      rig.advance(4 * 60_000);
      await rig.tg.waitFor(() => new Set(rig.tg.calls.slice(from).filter((c) => c.method === 'sendMessage').map((c) => c.body.chat_id)).size === 5, 10_000);
      await rig.dispatcher.drain();
      const after = rig.tg.calls.slice(from).filter((c) => c.method === 'sendMessage').map((c) => String(c.body.chat_id));
      expect(after.sort()).toEqual(['900', '901', '902', '903', '904']);
    });
  });
});
