import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel, InboundInput, OutcomeInput, ReviewItemInput, Store } from '../../src/store/types.js';

/** A store under test and how to throw it away. */
export interface StoreFixture {
  store: Store;
  cleanup(): Promise<void>;
}

const T0 = Date.UTC(2025, 2, 10, 9, 0, 0);
const MIN = 60_000;
const DAY = 86_400_000;
/** Far enough ahead that every freshly queued row is due. */
const FAR = () => Date.now() + 365 * DAY;

let seq = 0;

/** An inbound text message with a fresh delivery key. */
function inbound(over: Partial<InboundInput> = {}): InboundInput {
  seq += 1;
  return {
    channel: 'telegram',
    deliveryKey: `d-${seq}`,
    chatId: 'chat-1',
    userId: 'user-1',
    userName: 'Lan',
    kind: 'text',
    text: 'Công đoàn có cho vay vốn không?',
    receivedAt: T0,
    ...over,
  };
}

/** An outcome with one source. */
function outcome(over: Partial<OutcomeInput> = {}): OutcomeInput {
  return {
    status: 'answer',
    text: 'Có, quỹ Trợ vốn cho vay tới 30 triệu đồng.',
    sources: [{ title: 'Quỹ Trợ vốn', date: '2024-06', file: 'notes/vay-von.md' }],
    confidence: 0.82,
    ...over,
  };
}

/** A review item for the given inbound message. */
function reviewItem(inboundId: number | undefined, over: Partial<ReviewItemInput> = {}): ReviewItemInput {
  return {
    key: 'cong doan co cho vay von khong',
    question: 'Công đoàn có cho vay vốn không?',
    reason: 'decline',
    channel: 'telegram',
    chatId: 'chat-1',
    userId: 'user-1',
    userName: 'Lan',
    inboundId,
    at: T0,
    ...over,
  };
}

/** Runs the storage contract against any `Store` implementation (each test gets a fresh store). */
export function describeStoreContract(name: string, makeStore: () => Promise<StoreFixture>): void {
  describe(`Store contract: ${name}`, () => {
    let fx: StoreFixture;
    let store: Store;

    beforeEach(async () => {
      fx = await makeStore();
      store = fx.store;
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    /** Saves an inbound message and returns its id. */
    const save = async (over: Partial<InboundInput> = {}) => (await store.saveInbound(inbound(over))).id;

    describe('inbound', () => {
      it('stores a message and reads it back', async () => {
        const m = inbound({ userName: undefined, channel: 'zalo', kind: 'command' });
        const { id, duplicate } = await store.saveInbound(m);
        expect(duplicate).toBe(false);
        expect(await store.getInbound(id)).toEqual({ ...m, id, state: 'pending' });
        expect(await store.getInbound(id + 1000)).toBeUndefined();
      });

      it('returns the same id with duplicate: true for a repeated delivery and changes nothing', async () => {
        const first = await store.saveInbound(inbound({ deliveryKey: 'u-42', text: 'first' }));
        const again = await store.saveInbound(inbound({ deliveryKey: 'u-42', text: 'second' }));
        expect(again).toEqual({ id: first.id, duplicate: true });
        expect((await store.getInbound(first.id))?.text).toBe('first');
        expect(await store.pendingInbound(10)).toHaveLength(1);
      });

      it('keys duplicates by channel and delivery key together', async () => {
        const a = await store.saveInbound(inbound({ deliveryKey: 'same', channel: 'telegram' }));
        const b = await store.saveInbound(inbound({ deliveryKey: 'same', channel: 'zalo' }));
        expect(b.duplicate).toBe(false);
        expect(b.id).not.toBe(a.id);
      });

      it('lists pending messages oldest first, up to the limit', async () => {
        const ids = [await save(), await save(), await save()];
        expect((await store.pendingInbound(10)).map((m) => m.id)).toEqual(ids);
        expect((await store.pendingInbound(2)).map((m) => m.id)).toEqual(ids.slice(0, 2));
      });
    });

    describe('completeInbound', () => {
      it('stores the outcome, answers the message and queues due outbox rows', async () => {
        const id = await save();
        const payload = { buttons: [[{ text: '👍', data: `fb:up:${id}` }]] };
        const { outboxIds } = await store.completeInbound(id, outcome(), [
          { channel: 'telegram', chatId: 'chat-1', text: 'part 1', payload, inboundId: id },
          { channel: 'telegram', chatId: 'chat-1', text: 'part 2', inboundId: id },
        ]);
        expect(outboxIds).toHaveLength(2);
        expect(await store.pendingInbound(10)).toEqual([]);
        expect((await store.getInbound(id))?.state).toBe('answered');
        expect(await store.getOutcome(id)).toEqual({ ...outcome(), inboundId: id });

        const due = await store.dueOutbox(FAR(), 10);
        expect(due.map((r) => r.id)).toEqual(outboxIds);
        expect(due[0]).toMatchObject({ channel: 'telegram', chatId: 'chat-1', text: 'part 1', payload, inboundId: id, state: 'pending', attempts: 0 });
        expect(due[1]?.payload).toBeUndefined();
        expect(due[0]?.lastError).toBeUndefined();
        expect(due[0]?.nextAttemptAt).toBeLessThanOrEqual(Date.now());
      });

      it('is idempotent: a second call creates no second outcome, outbox row or review item', async () => {
        const id = await save();
        const rows = [{ channel: 'telegram' as const, chatId: 'chat-1', text: 'hello', inboundId: id }];
        const first = await store.completeInbound(id, outcome(), rows, reviewItem(id));
        const second = await store.completeInbound(id, outcome({ text: 'other', status: 'decline' }), rows, reviewItem(id));
        expect(second.outboxIds).toEqual(first.outboxIds);
        expect(await store.dueOutbox(FAR(), 10)).toHaveLength(1);
        expect((await store.getOutcome(id))?.text).toBe(outcome().text);
        const groups = await store.listReview({});
        expect(groups).toHaveLength(1);
        expect(groups[0]?.count).toBe(1);
      });

      it('is idempotent with no outbox rows too', async () => {
        const id = await save();
        expect(await store.completeInbound(id, outcome({ status: 'feedback' }), [])).toEqual({ outboxIds: [] });
        expect(await store.completeInbound(id, outcome({ status: 'feedback' }), [])).toEqual({ outboxIds: [] });
        expect(await store.dueOutbox(FAR(), 10)).toEqual([]);
      });

      it('rejects an unknown message and writes nothing', async () => {
        await expect(store.completeInbound(999_999, outcome(), [{ channel: 'zalo', chatId: 'c', text: 't' }])).rejects.toThrow();
        expect(await store.dueOutbox(FAR(), 10)).toEqual([]);
        expect(await store.getOutcome(999_999)).toBeUndefined();
      });

      it('returns undefined for a message without an outcome', async () => {
        expect(await store.getOutcome(await save())).toBeUndefined();
      });
    });

    describe('outbox', () => {
      it('queues rows that answer no message, due oldest first, up to the limit', async () => {
        const ids = await store.enqueueOutbox([
          { channel: 'zalo', chatId: 'z1', text: 'a' },
          { channel: 'telegram', chatId: 't1', text: 'b', payload: ['x', 1, null] },
          { channel: 'zalo', chatId: 'z1', text: 'c' },
        ]);
        expect(ids).toHaveLength(3);
        const due = await store.dueOutbox(FAR(), 10);
        expect(due.map((r) => r.id)).toEqual(ids);
        expect(due.map((r) => r.text)).toEqual(['a', 'b', 'c']);
        expect(due[0]?.inboundId).toBeUndefined();
        expect(due[1]?.payload).toEqual(['x', 1, null]);
        expect((await store.dueOutbox(FAR(), 2)).map((r) => r.id)).toEqual(ids.slice(0, 2));
        expect(await store.dueOutbox(0, 10)).toEqual([]);
        expect(await store.enqueueOutbox([])).toEqual([]);
      });

      it('does not return sent rows', async () => {
        const [a, b] = await store.enqueueOutbox([
          { channel: 'zalo', chatId: 'z1', text: 'a' },
          { channel: 'zalo', chatId: 'z1', text: 'b' },
        ]);
        await store.markSent(a!);
        expect((await store.dueOutbox(FAR(), 10)).map((r) => r.id)).toEqual([b]);
      });

      it('reschedules a failed send, then gives up on null', async () => {
        const [id] = await store.enqueueOutbox([{ channel: 'telegram', chatId: 't1', text: 'x' }]);
        const retryAt = Date.now() + 10 * MIN;

        await store.markSendFailed(id!, 'ChannelNetworkError: timeout', retryAt);
        expect(await store.dueOutbox(retryAt - 1, 10)).toEqual([]);
        const [row] = await store.dueOutbox(retryAt, 10);
        expect(row).toMatchObject({ id, state: 'pending', attempts: 1, lastError: 'ChannelNetworkError: timeout', nextAttemptAt: retryAt });

        await store.markSendFailed(id!, 'ZaloApiError: 403', retryAt + MIN);
        expect((await store.dueOutbox(FAR(), 10))[0]).toMatchObject({ attempts: 2, lastError: 'ZaloApiError: 403' });

        await store.markSendFailed(id!, 'gave up', null);
        expect(await store.dueOutbox(FAR(), 10)).toEqual([]);
      });
    });

    describe('review queue', () => {
      it('groups the same key from two users in two channels', async () => {
        const t = await save({ channel: 'telegram', chatId: 't-chat', userId: 't-user', userName: 'Lan' });
        const z = await save({ channel: 'zalo', chatId: 'z-chat', userId: 'z-user', userName: 'Minh', text: 'cong doan co cho vay von khong' });
        await store.completeInbound(t, outcome({ status: 'decline', text: 'Tôi chưa có thông tin.' }), [], reviewItem(t, { chatId: 't-chat', userId: 't-user', userName: 'Lan' }));
        const g1 = await store.addReviewItem(
          reviewItem(z, { channel: 'zalo', chatId: 'z-chat', userId: 'z-user', userName: 'Minh', question: 'cong doan co cho vay von khong', reason: 'suggest', at: T0 + MIN }),
        );

        const groups = await store.listReview({});
        expect(groups).toHaveLength(1);
        const g = groups[0]!;
        expect(g).toMatchObject({ id: g1, count: 2, status: 'new', question: 'Công đoàn có cho vay vốn không?', firstSeen: T0, lastSeen: T0 + MIN });
        expect([...g.channels].sort()).toEqual(['telegram', 'zalo']);
        expect([...g.reasons].sort()).toEqual(['decline', 'suggest']);

        const d = await store.getReview(g1);
        expect(d?.askers).toEqual([
          { channel: 'telegram', chatId: 't-chat', userId: 't-user', userName: 'Lan' },
          { channel: 'zalo', chatId: 'z-chat', userId: 'z-user', userName: 'Minh' },
        ]);
        expect(d?.entries.map((e) => [e.channel, e.reason, e.at, e.botText])).toEqual([
          ['telegram', 'decline', T0, 'Tôi chưa có thông tin.'],
          ['zalo', 'suggest', T0 + MIN, undefined],
        ]);
        expect(d?.replies).toEqual([]);
      });

      it('counts one asker once however often they ask', async () => {
        const id = await store.addReviewItem(reviewItem(undefined));
        await store.addReviewItem(reviewItem(undefined, { at: T0 + MIN }));
        const d = await store.getReview(id);
        expect(d?.count).toBe(2);
        expect(d?.entries).toHaveLength(2);
        expect(d?.askers).toHaveLength(1);
      });

      it('keeps an ignored group ignored when it is asked again (still counted)', async () => {
        const id = await store.addReviewItem(reviewItem(undefined));
        await store.setReviewStatus(id, 'ignored');
        expect(await store.addReviewItem(reviewItem(undefined, { userId: 'user-2', at: T0 + MIN }))).toBe(id);
        const d = await store.getReview(id);
        expect(d).toMatchObject({ status: 'ignored', count: 2, lastSeen: T0 + MIN });
        expect(await store.listReview({ status: 'new' })).toEqual([]);
      });

      it('reopens an answered group when someone new asks', async () => {
        const id = await store.addReviewItem(reviewItem(undefined));
        await store.addAdminReply(id, { text: 'Có, tới 30 triệu.', author: 'admin', at: T0 + MIN });
        expect((await store.getReview(id))?.status).toBe('new');
        await store.setReviewStatus(id, 'answered');
        expect((await store.getReview(id))?.status).toBe('answered');

        await store.addReviewItem(reviewItem(undefined, { userId: 'user-2', at: T0 + 2 * MIN }));
        const d = await store.getReview(id);
        expect(d).toMatchObject({ status: 'new', count: 2 });
        expect(d?.replies).toEqual([{ text: 'Có, tới 30 triệu.', author: 'admin', at: T0 + MIN }]);
      });

      it('filters by status and channel, sorts by newest or most, and limits', async () => {
        const a = await store.addReviewItem(reviewItem(undefined, { key: 'a', question: 'A?', at: T0 }));
        await store.addReviewItem(reviewItem(undefined, { key: 'a', question: 'A again?', userId: 'u2', at: T0 + MIN }));
        await store.addReviewItem(reviewItem(undefined, { key: 'a', question: 'A 3?', userId: 'u3', at: T0 + 2 * MIN }));
        const b = await store.addReviewItem(reviewItem(undefined, { key: 'b', question: 'B?', channel: 'zalo', at: T0 + 10 * MIN }));
        const c = await store.addReviewItem(reviewItem(undefined, { key: 'c', question: 'C?', at: T0 + 5 * MIN }));
        await store.addReviewItem(reviewItem(undefined, { key: 'c', question: 'C?', userId: 'u2', at: T0 + 6 * MIN }));
        await store.setReviewStatus(c, 'ignored');

        const ids = async (q: Parameters<Store['listReview']>[0]) => (await store.listReview(q)).map((g) => g.id);
        expect(await ids({ sort: 'newest' })).toEqual([b, c, a]);
        expect(await ids({})).toEqual([b, c, a]);
        expect(await ids({ sort: 'most' })).toEqual([a, c, b]);
        expect(await ids({ status: 'new', sort: 'most' })).toEqual([a, b]);
        expect(await ids({ status: 'ignored' })).toEqual([c]);
        expect(await ids({ channel: 'zalo' })).toEqual([b]);
        expect(await ids({ channel: 'telegram', status: 'new' })).toEqual([a]);
        expect(await ids({ sort: 'most', limit: 1 })).toEqual([a]);
        expect((await store.listReview({ status: 'new' })).find((g) => g.id === a)?.question).toBe('A?');
      });

      it('returns undefined for an unknown group', async () => {
        expect(await store.getReview(123_456)).toBeUndefined();
      });
    });

    describe('feedback', () => {
      it('adds a review item for a 👎 in the same step, with the rated answer as bot text', async () => {
        const id = await save({ text: 'Nghỉ ốm được mấy ngày?' });
        await store.completeInbound(id, outcome({ text: 'Được 30 ngày.' }), []);
        await store.saveFeedback({ inboundId: id, channel: 'telegram', chatId: 'chat-1', userId: 'user-1', value: 'up', at: T0 + MIN });
        expect(await store.listReview({})).toEqual([]);

        const item = reviewItem(id, { key: 'nghi om duoc may ngay', question: 'Nghỉ ốm được mấy ngày?', reason: 'feedback', at: T0 + 2 * MIN });
        await store.saveFeedback({ inboundId: id, channel: 'telegram', chatId: 'chat-1', userId: 'user-1', value: 'down', at: T0 + 2 * MIN }, item);
        const [g] = await store.listReview({});
        expect(g).toMatchObject({ key: 'nghi om duoc may ngay', count: 1, reasons: ['feedback'], status: 'new' });
        const d = await store.getReview(g!.id);
        expect(d?.entries[0]?.botText).toBe('Được 30 ngày.');
      });

      it('counts a repeated 👎 by the same user on the same answer once', async () => {
        const id = await save();
        const item = reviewItem(id, { reason: 'feedback' });
        const down = { inboundId: id, channel: 'telegram' as Channel, chatId: 'chat-1', userId: 'user-1', value: 'down' as const, at: T0 };
        await store.saveFeedback(down, item);
        await store.saveFeedback({ ...down, at: T0 + MIN }, item);
        expect((await store.listReview({}))[0]?.count).toBe(1);
        await store.saveFeedback({ ...down, userId: 'user-2' }, { ...item, userId: 'user-2' });
        expect((await store.listReview({}))[0]?.count).toBe(2);
      });
    });

    describe('stats', () => {
      it('counts questions and answers per UTC day over the window', async () => {
        const now = Date.UTC(2025, 2, 10, 12);
        const day0 = Date.UTC(2025, 2, 10);
        const answered = async (receivedAt: number, status: OutcomeInput['status']) => {
          const id = await save({ receivedAt });
          await store.completeInbound(id, outcome({ status }), []);
        };
        await answered(day0 + 1000, 'answer');
        await answered(day0 + 2000, 'decline');
        await save({ receivedAt: day0 + 3000 }); // still pending
        await save({ receivedAt: day0 + 4000, kind: 'command', text: '/start' }); // not a question
        await answered(day0 - 1, 'answer'); // 23:59:59.999 the day before
        await answered(day0 - 2 * DAY + 5, 'suggest');
        await answered(day0 - 3 * DAY, 'answer'); // outside a 3-day window
        await answered(day0 + DAY, 'answer'); // tomorrow: outside

        const top1 = await store.addReviewItem(reviewItem(undefined, { key: 'x', question: 'X?' }));
        await store.addReviewItem(reviewItem(undefined, { key: 'x', question: 'X?', userId: 'u2' }));
        const top2 = await store.addReviewItem(reviewItem(undefined, { key: 'y', question: 'Y?' }));
        const ignored = await store.addReviewItem(reviewItem(undefined, { key: 'z', question: 'Z?' }));
        await store.setReviewStatus(ignored, 'ignored');

        const s = await store.stats(now, 3);
        expect(s.days).toEqual([
          { day: '2025-03-08', questions: 1, answered: 0 },
          { day: '2025-03-09', questions: 1, answered: 1 },
          { day: '2025-03-10', questions: 3, answered: 1 },
        ]);
        expect(s.totalQuestions).toBe(5);
        expect(s.answeredShare).toBeCloseTo(2 / 5);
        expect(s.topUnanswered).toEqual([
          { id: top1, question: 'X?', count: 2 },
          { id: top2, question: 'Y?', count: 1 },
        ]);
      });

      it('keeps at most five unanswered groups and reports zero share on an empty window', async () => {
        for (let i = 0; i < 7; i++) await store.addReviewItem(reviewItem(undefined, { key: `k${i}`, question: `Q${i}?` }));
        const s = await store.stats(Date.UTC(2025, 0, 1), 7);
        expect(s.days).toHaveLength(7);
        expect(s.days.at(-1)?.day).toBe('2025-01-01');
        expect(s.totalQuestions).toBe(0);
        expect(s.answeredShare).toBe(0);
        expect(s.topUnanswered).toHaveLength(5);
      });
    });

    describe('settings and health', () => {
      it('stores and overwrites settings', async () => {
        expect(await store.getSetting('notify')).toBeUndefined();
        await store.setSetting('notify', '1,2');
        await store.setSetting('notify', '3');
        expect(await store.getSetting('notify')).toBe('3');
      });

      it('answers ping and closes idempotently', async () => {
        expect(await store.ping()).toBe(true);
        await store.close();
        await store.close();
      });
    });
  });
}
