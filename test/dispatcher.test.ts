/**
 * The dispatcher's delivery promise on a simulated clock: a reply is kept trying until its send deadline with
 * backoff capped at a few minutes, retried at once when the channel works again, and given up (shown to admins,
 * logged, counted) past the deadline or on a permanent error. Long replies go as parts, each its own row.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { telegramRenderer } from '../src/channels/telegram/render.js';
import { textUpdate } from './support/fake-telegram.js';
import { zaloTextUpdate } from './support/fake-zalo.js';
import { startDispatchRig, type DispatchRig } from './support/dispatch.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('dispatcher delivery', () => {
  let rig: DispatchRig;
  beforeEach(async () => {
    rig = await startDispatchRig();
  });
  afterEach(async () => {
    await rig.close();
  });
  const tgSends = (chat: string, from = 0) => rig.tg.calls.slice(from).filter((c) => c.method === 'sendMessage' && c.body.chat_id === chat);

  it('caps the backoff at a few minutes and keeps trying for hours, then delivers once', async () => {
    rig.tg.fail('sendMessage', { status: 500 }, { rate: 1 });
    await rig.telegram.receive(textUpdate(1, 701, 'vay vốn công đoàn'));
    await rig.dispatcher.drain();
    for (let i = 0; i < 60; i++) {
      rig.advance(5 * MIN);
      await rig.dispatcher.drain();
    }
    // Five hours of outage, one try per 5-minute step at most: never given up, never more than one try per step.
    const tries = tgSends('701').length;
    expect(tries).toBeGreaterThanOrEqual(55);
    expect(tries).toBeLessThanOrEqual(61);
    expect(await rig.store.outboxHealth()).toEqual({ pending: 1, failed: 0 });
    const [row] = await rig.store.dueOutbox(rig.now() + HOUR, 10);
    expect(row!.nextAttemptAt - rig.now()).toBeLessThanOrEqual(3.6 * MIN);

    rig.tg.recover();
    const from = rig.tg.calls.length;
    rig.advance(4 * MIN);
    await rig.dispatcher.drain();
    expect(tgSends('701', from)).toHaveLength(1);
    expect(await rig.store.outboxHealth()).toEqual({ pending: 0, failed: 0 });
  });

  it('retries every waiting reply of a channel at once when a send on it succeeds again', async () => {
    rig.tg.fail('sendMessage', { status: 500 }, { rate: 1 });
    for (const chat of [711, 712, 713]) await rig.telegram.receive(textUpdate(chat, chat, 'khám sức khỏe miễn phí'));
    await rig.dispatcher.drain();
    for (let i = 0; i < 8; i++) {
      rig.advance(MIN);
      await rig.dispatcher.drain();
    }
    rig.tg.recover();
    const from = rig.tg.calls.length;
    // A new reply is due now; the three waiting ones are not yet, until the channel is seen working.
    const waiting = await rig.store.dueOutbox(rig.now() + HOUR, 10);
    expect(waiting.every((r) => r.nextAttemptAt > rig.now())).toBe(true);
    await rig.store.enqueueOutbox([{ channel: 'telegram', chatId: '714', text: 'trả lời của cán bộ' }]);
    await rig.dispatcher.drain();
    for (const chat of ['711', '712', '713', '714']) expect(tgSends(chat, from)).toHaveLength(1);
    expect(rig.logs.text()).toContain('channel works again');
  });

  it('gives up at once on a permanent error, logs it with the reason, and counts it', async () => {
    rig.tg.fail('sendMessage', { status: 403, description: 'Forbidden: bot was blocked by the user' }, { rate: 1 });
    await rig.telegram.receive(textUpdate(2, 702, 'vay vốn'));
    await rig.dispatcher.drain();
    const [failed] = await rig.store.failedOutbox(10);
    expect(failed).toMatchObject({ chatId: '702', state: 'failed' });
    expect(failed?.lastError).toMatch(/^permanent: GrammyError: .*blocked/);
    expect(tgSends('702')).toHaveLength(1);
    expect(rig.dispatcher.givenUp()).toMatchObject({ telegram: 1 });
    expect(rig.logs.json().some((l) => l.msg === 'send given up; shown on the admin page' && l.reason === 'permanent')).toBe(true);
  });

  it('gives up past the send deadline (24 h by default) and delivers once when an admin sends it again', async () => {
    rig.zalo.failNext('sendMessage', 'http-500', 100_000);
    await rig.zaloChannel.receive(zaloTextUpdate('hỗ trợ tết', { chatId: 'z9', messageId: 'm9' }));
    await rig.dispatcher.drain();
    for (let h = 0; h < 23; h++) {
      rig.advance(HOUR);
      await rig.dispatcher.drain();
    }
    expect(await rig.store.outboxHealth()).toEqual({ pending: 1, failed: 0 });
    rig.advance(HOUR + MIN);
    await rig.dispatcher.drain();
    const [failed] = await rig.store.failedOutbox(10);
    expect(failed?.lastError).toMatch(/^deadline: /);
    expect(rig.dispatcher.givenUp()).toMatchObject({ zalo: 1 });

    rig.zalo.clearFailures();
    const from = rig.zalo.calls.length;
    expect(await rig.store.resendOutbox(failed!.id, rig.now())).toBe(true);
    await rig.dispatcher.drain();
    expect(rig.zalo.calls.slice(from).filter((c) => c.method === 'sendMessage')).toHaveLength(1);
    expect(await rig.store.outboxHealth()).toEqual({ pending: 0, failed: 0 });
  });

  it('sends each part of a long reply as its own row: a failure on part 2 does not send part 1 again', async () => {
    const long = 'Người lao động được hỗ trợ khi gặp khó khăn. '.repeat(200);
    const rows = telegramRenderer.text(long, { channel: 'telegram', chatId: '720', id: 0 });
    expect(rows.length).toBe(3);
    await rig.store.enqueueOutbox(rows.map((r) => ({ ...r, inboundId: undefined })));
    rig.tg.fail('sendMessage', { status: 500 }, { times: 1, after: 1 });
    await rig.dispatcher.drain();
    rig.advance(4 * MIN);
    await rig.dispatcher.drain();
    const texts = tgSends('720').map((c) => String(c.body.text));
    const [p1, p2, p3] = rows.map((r) => r.text);
    expect(texts).toEqual([p1, p2, p2, p3]);
    expect(await rig.store.outboxHealth()).toEqual({ pending: 0, failed: 0 });
  });
});
