import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel, ConversationInput, InboundInput, OutcomeInput, ReviewItemInput, Store } from '../../src/store/types.js';

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

      it('keeps a callback query id as its own field, apart from the callback data', async () => {
        const m = inbound({ kind: 'callback', text: 'f:down:1', callbackQueryId: 'cb-77' });
        const { id } = await store.saveInbound(m);
        expect(await store.getInbound(id)).toEqual({ ...m, id, state: 'pending' });
        const [claimed] = await store.claimInbound(T0, 10, MIN);
        expect(claimed).toMatchObject({ text: 'f:down:1', callbackQueryId: 'cb-77' });
      });

      it('stores text with NUL and other control characters the same way on every store: removed, tabs and newlines kept', async () => {
        const nul = '\u0000';
        const m = inbound({
          deliveryKey: `k${nul}1`,
          chatId: `c${nul}1`,
          userId: `u${nul}1`,
          userName: `Lan${nul}\u0007`,
          text: `vay${nul} vốn\u0001\u001f\u007f\tở đâu\r\n?`,
          kind: 'callback',
          callbackQueryId: `cb${nul}x`,
        });
        const { id, duplicate } = await store.saveInbound(m);
        expect(duplicate).toBe(false);
        expect(await store.getInbound(id)).toMatchObject({
          deliveryKey: 'k1',
          chatId: 'c1',
          userId: 'u1',
          userName: 'Lan',
          text: 'vay vốn\tở đâu\r\n?',
          callbackQueryId: 'cbx',
        });
        expect((await store.saveInbound(m)).duplicate).toBe(true);
        const { outboxIds } = await store.completeInbound(id, outcome({ text: `đáp${nul}án` }), [{ channel: 'telegram', chatId: 'c1', text: `trả${nul} lời`, payload: { toast: `x${nul}` }, inboundId: id }], reviewItem(id, { question: `hỏi${nul}?`, userName: `N${nul}` }));
        expect(outboxIds).toHaveLength(1);
        expect((await store.getOutcome(id))?.text).toBe('đápán');
        const [row] = await store.dueOutbox(FAR(), 10);
        expect(row).toMatchObject({ text: 'trả lời', payload: { toast: `x${nul}` } });
        const [group] = await store.listReview({});
        const detail = await store.getReview(group!.id);
        expect(detail?.entries[0]).toMatchObject({ question: 'hỏi?', userName: 'N' });
        await store.addAdminReply(group!.id, { text: `chào${nul}`, author: `a${nul}`, at: T0 });
        expect((await store.getReview(group!.id))?.replies[0]).toMatchObject({ text: 'chào', author: 'a' });
        await store.markSendFailed(row!.id, `boom${nul}`, T0);
        expect((await store.dueOutbox(FAR(), 10))[0]?.lastError).toBe('boom');
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

        const backlog = await store.outboxBacklog();
        expect(backlog.pending).toBe(2);
        expect(backlog.oldestCreatedAt).toBeLessThanOrEqual(Date.now());
        await store.markSent(outboxIds[0]!);
        await store.markSent(outboxIds[1]!);
        expect(await store.outboxBacklog()).toEqual({ pending: 0, oldestCreatedAt: null });
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

    describe('claims', () => {
      const LEASE = 30_000;
      const NOW = Date.now();
      const ids = (rows: { id: number }[]) => rows.map((r) => r.id);

      it('claims pending messages oldest first, up to the limit, and not again while leased', async () => {
        const [a, b, c] = [await save(), await save(), await save()];
        const first = await store.claimInbound(NOW, 2, LEASE);
        expect(ids(first)).toEqual([a, b]);
        expect(first[0]).toMatchObject({ id: a, state: 'pending', channel: 'telegram', text: 'Công đoàn có cho vay vốn không?' });
        expect(ids(await store.claimInbound(NOW, 10, LEASE))).toEqual([c]);
        expect(await store.claimInbound(NOW + LEASE - 1, 10, LEASE)).toEqual([]);
        // Claimed is still pending for inspection.
        expect(ids(await store.pendingInbound(10))).toEqual([a, b, c]);
      });

      it('claims a message again once its lease ends, and never once it is answered', async () => {
        const [a, b] = [await save(), await save()];
        expect(ids(await store.claimInbound(NOW, 10, LEASE))).toEqual([a, b]);
        await store.completeInbound(a, outcome(), []);
        expect(ids(await store.claimInbound(NOW + LEASE, 10, LEASE))).toEqual([b]);
        expect(await store.claimInbound(NOW + LEASE + 1, 10, LEASE)).toEqual([]);
        expect(ids(await store.claimInbound(NOW + 2 * LEASE, 10, LEASE))).toEqual([b]);
      });

      it('never hands the same message to two concurrent claims', async () => {
        const saved: number[] = [];
        for (let i = 0; i < 12; i++) saved.push(await save());
        const claims = await Promise.all(Array.from({ length: 4 }, () => store.claimInbound(NOW, 5, LEASE)));
        const all = claims.flatMap(ids);
        expect(new Set(all).size).toBe(all.length);
        expect([...all].sort((x, y) => x - y)).toEqual(saved);
      });

      it('answers a message once when two workers complete it at the same time', async () => {
        const id = await save();
        const rows = [{ channel: 'telegram' as const, chatId: 'chat-1', text: 'once', inboundId: id }];
        const [x, y] = await Promise.all([
          store.completeInbound(id, outcome(), rows, reviewItem(id)),
          store.completeInbound(id, outcome({ text: 'other' }), rows, reviewItem(id)),
        ]);
        expect(x.outboxIds).toHaveLength(1);
        expect(y.outboxIds).toEqual(x.outboxIds);
        expect(await store.dueOutbox(FAR(), 10)).toHaveLength(1);
        expect((await store.listReview({}))[0]?.count).toBe(1);
      });

      it('stores a delivery delivered twice at the same time once', async () => {
        const m = inbound({ deliveryKey: 'twice' });
        const results = await Promise.all([store.saveInbound(m), store.saveInbound(m), store.saveInbound(m)]);
        expect(new Set(results.map((r) => r.id)).size).toBe(1);
        expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
      });

      it('claims due outbox rows oldest first and not again while leased', async () => {
        const rows = await store.enqueueOutbox([
          { channel: 'zalo', chatId: 'z1', text: 'a' },
          { channel: 'telegram', chatId: 't1', text: 'b', payload: { keyboard: [] } },
          { channel: 'zalo', chatId: 'z2', text: 'c' },
        ]);
        const at = FAR();
        const first = await store.claimOutbox(at, 2, LEASE);
        expect(ids(first)).toEqual(rows.slice(0, 2));
        expect(first[1]).toMatchObject({ text: 'b', payload: { keyboard: [] }, state: 'pending', attempts: 0 });
        expect(ids(await store.claimOutbox(at, 10, LEASE))).toEqual(rows.slice(2));
        expect(await store.claimOutbox(at + LEASE - 1, 10, LEASE)).toEqual([]);
        expect(await store.claimOutbox(0, 10, LEASE)).toEqual([]);
        // Claimed rows are still due for inspection (not sent yet).
        expect(await store.dueOutbox(at, 10)).toHaveLength(3);
        // After the lease, unsettled rows are claimed again.
        expect(ids(await store.claimOutbox(at + LEASE, 10, LEASE))).toEqual(rows);
      });

      it('settles claimed rows: sent never again, failed at its retry time, given up never', async () => {
        const [sent, retried, dropped] = await store.enqueueOutbox([
          { channel: 'zalo', chatId: 'z1', text: 'a' },
          { channel: 'zalo', chatId: 'z2', text: 'b' },
          { channel: 'zalo', chatId: 'z3', text: 'c' },
        ]);
        const at = FAR();
        expect(await store.claimOutbox(at, 10, LEASE)).toHaveLength(3);
        await store.markSent(sent!);
        await store.markSendFailed(retried!, 'timeout', at + 1000);
        await store.markSendFailed(dropped!, 'gone', null);
        // /healthz counts: the retried row is still pending, the dropped one failed, the sent one neither.
        expect(await store.outboxHealth()).toEqual({ pending: 1, failed: 1 });
        expect(await store.claimOutbox(at + 999, 10, LEASE)).toEqual([]);
        const again = await store.claimOutbox(at + 1000, 10, LEASE);
        expect(ids(again)).toEqual([retried]);
        expect(again[0]).toMatchObject({ attempts: 1, lastError: 'timeout' });
        // A late failure report for a row sent since changes nothing.
        await store.markSendFailed(sent!, 'late', at);
        expect(await store.claimOutbox(at + 10 * LEASE, 10, LEASE)).toHaveLength(1);
      });

      it("keeps a chat's later rows back while an earlier one is claimed", async () => {
        const [first] = await store.enqueueOutbox([{ channel: 'telegram', chatId: 'c1', text: '1' }]);
        const at = FAR();
        expect(ids(await store.claimOutbox(at, 10, LEASE))).toEqual([first]);
        const [second, other] = await store.enqueueOutbox([
          { channel: 'telegram', chatId: 'c1', text: '2' },
          { channel: 'telegram', chatId: 'c2', text: 'x' },
        ]);
        expect(ids(await store.claimOutbox(at, 10, LEASE))).toEqual([other]);
        await store.markSent(first!);
        expect(ids(await store.claimOutbox(at, 10, LEASE))).toEqual([second]);
      });

      it('claims a chat\'s rows together when none is claimed yet', async () => {
        const rows = await store.enqueueOutbox([
          { channel: 'telegram', chatId: 'c1', text: '1' },
          { channel: 'telegram', chatId: 'c1', text: '2' },
        ]);
        expect(ids(await store.claimOutbox(FAR(), 10, LEASE))).toEqual(rows);
      });

      it('gives back rows that were not tried, claimable again from the given time', async () => {
        const rows = await store.enqueueOutbox([
          { channel: 'telegram', chatId: 'c1', text: '1' },
          { channel: 'telegram', chatId: 'c1', text: '2' },
          { channel: 'telegram', chatId: 'c1', text: '3' },
        ]);
        const at = FAR();
        expect(await store.claimOutbox(at, 10, LEASE)).toHaveLength(3);
        await store.markSendFailed(rows[0]!, 'timeout', at + 500);
        await store.releaseOutbox(rows.slice(1), at + 500);
        await store.releaseOutbox([], at);
        expect(await store.claimOutbox(at + 499, 10, LEASE)).toEqual([]);
        expect(ids(await store.claimOutbox(at + 500, 10, LEASE))).toEqual(rows);
      });

      it("keeps a chat's new rows back while its earlier row waits for a retry (no overtaking)", async () => {
        const at = FAR();
        const [head] = await store.enqueueOutbox([{ channel: 'telegram', chatId: 'c1', text: '1' }]);
        expect(ids(await store.claimOutbox(at, 10, LEASE))).toEqual([head]);
        await store.markSendFailed(head!, 'HttpError: 500', at + 60_000);
        const [later, other] = await store.enqueueOutbox([
          { channel: 'telegram', chatId: 'c1', text: '2' },
          { channel: 'telegram', chatId: 'c2', text: 'x' },
        ]);
        expect(ids(await store.claimOutbox(at, 10, LEASE))).toEqual([other]);
        await store.markSent(other!);
        expect(ids(await store.claimOutbox(at + 60_000, 10, LEASE))).toEqual([head, later]);
      });

      it('claims one channel only when asked', async () => {
        const [z, t] = await store.enqueueOutbox([
          { channel: 'zalo', chatId: 'c1', text: 'z' },
          { channel: 'telegram', chatId: 'c1', text: 't' },
        ]);
        expect(ids(await store.claimOutbox(FAR(), 10, LEASE, 'telegram'))).toEqual([t]);
        expect(ids(await store.claimOutbox(FAR(), 10, LEASE, 'zalo'))).toEqual([z]);
      });

      it("makes a channel's waiting retries due at once (the channel was seen working), not the other channel's", async () => {
        const at = FAR();
        const [a, b, z] = await store.enqueueOutbox([
          { channel: 'telegram', chatId: 'c1', text: 'a' },
          { channel: 'telegram', chatId: 'c2', text: 'b' },
          { channel: 'zalo', chatId: 'c3', text: 'z' },
        ]);
        await store.claimOutbox(at, 10, LEASE);
        for (const id of [a, b, z]) await store.markSendFailed(id!, 'down', at + 10 * MIN);
        expect(await store.retryNow('telegram', at)).toBe(2);
        expect(ids(await store.claimOutbox(at, 10, LEASE))).toEqual([a, b]);
        expect(await store.retryNow('telegram', at)).toBe(0);
      });

      it('lists given-up rows with their reason, newest first, and sends one again on request with a fresh deadline', async () => {
        const at = FAR();
        const [a, b] = await store.enqueueOutbox([
          { channel: 'telegram', chatId: 'c1', text: 'a', inboundId: undefined },
          { channel: 'zalo', chatId: 'c2', text: 'b' },
        ]);
        await store.claimOutbox(at, 10, LEASE);
        await store.markSendFailed(a!, 'GrammyError: 403 Forbidden: bot was blocked by the user', null);
        await store.markSendFailed(b!, 'deadline passed', null);
        expect(await store.outboxHealth()).toEqual({ pending: 0, failed: 2 });
        const failed = await store.failedOutbox(10);
        expect(ids(failed).sort()).toEqual([a, b].sort());
        expect(failed.find((r) => r.id === a)).toMatchObject({ state: 'failed', lastError: 'GrammyError: 403 Forbidden: bot was blocked by the user', text: 'a', chatId: 'c1' });
        expect(failed[0]?.failedAt).toEqual(expect.any(Number));
        expect(await store.dueOutbox(at, 10)).toEqual([]);

        const resendAt = at + 5 * MIN;
        expect(await store.resendOutbox(a!, resendAt)).toBe(true);
        expect(await store.resendOutbox(a!, resendAt)).toBe(false);
        expect(await store.resendOutbox(999_999, resendAt)).toBe(false);
        const [again] = await store.claimOutbox(resendAt, 10, LEASE);
        expect(again).toMatchObject({ id: a, state: 'pending', attempts: 0, queuedAt: resendAt });
        expect(await store.outboxHealth()).toEqual({ pending: 1, failed: 1 });
        expect(ids(await store.failedOutbox(10))).toEqual([b]);
      });

      it('gives every row the time it was queued (the start of its send deadline)', async () => {
        const before = Date.now();
        const [id] = await store.enqueueOutbox([{ channel: 'zalo', chatId: 'c', text: 'x' }]);
        const [row] = await store.dueOutbox(FAR(), 10);
        expect(row?.id).toBe(id);
        expect(row?.queuedAt).toBeGreaterThanOrEqual(before - 1000);
        expect(row?.queuedAt).toBeLessThanOrEqual(Date.now() + 1000);
      });

      it('never hands the same outbox row to two concurrent claims', async () => {
        const rows = await store.enqueueOutbox(Array.from({ length: 12 }, (_, i) => ({ channel: 'zalo' as const, chatId: `z${i}`, text: `m${i}` })));
        const claims = await Promise.all(Array.from({ length: 4 }, () => store.claimOutbox(FAR(), 5, LEASE)));
        const all = claims.flatMap(ids);
        expect(new Set(all).size).toBe(all.length);
        expect([...all].sort((x, y) => x - y)).toEqual(rows);
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

      it('counts per day in the union\'s time zone, and leaves greetings, hints and ratings out', async () => {
        const HANOI = 7 * 3_600_000; // UTC+7
        const now = Date.UTC(2025, 2, 10, 12); // 19:00 in Hanoi, 10 March
        const answered = async (receivedAt: number, status: OutcomeInput['status']) => {
          const id = await save({ receivedAt });
          await store.completeInbound(id, outcome({ status }), []);
        };
        await answered(Date.UTC(2025, 2, 9, 18), 'answer'); // 01:00 on 10 March in Hanoi, 9 March in UTC
        await answered(Date.UTC(2025, 2, 9, 16, 59), 'decline'); // 23:59 on 9 March in Hanoi
        await answered(Date.UTC(2025, 2, 10, 1), 'welcome'); // "xin chào": not a question
        await answered(Date.UTC(2025, 2, 10, 2), 'feedback'); // "sai rồi": not a question
        await answered(Date.UTC(2025, 2, 10, 3), 'hint'); // a bare number with nothing offered
        const s = await store.stats(now, 2, HANOI);
        expect(s.days).toEqual([
          { day: '2025-03-09', questions: 1, answered: 0 },
          { day: '2025-03-10', questions: 1, answered: 1 },
        ]);
        expect(s.totalQuestions).toBe(2);
        const utc = await store.stats(now, 2);
        expect(utc.days).toEqual([
          { day: '2025-03-09', questions: 2, answered: 1 },
          { day: '2025-03-10', questions: 0, answered: 0 },
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

    describe('conversation state', () => {
      const conv = (inboundId: number, over: Partial<ConversationInput> = {}): ConversationInput => ({
        channel: 'zalo',
        chatId: 'chat-1',
        state: { answer: { inboundId, until: T0 + 30 * MIN } },
        inboundId,
        expiresAt: T0 + 30 * MIN,
        ...over,
      });

      it('saves and reads back a chat\'s state, separately per channel and chat', async () => {
        expect(await store.getConversation('zalo', 'chat-1', T0)).toBeUndefined();
        expect(await store.saveConversation(conv(1))).toBe(true);
        expect(await store.saveConversation(conv(2, { channel: 'telegram', state: { tg: ['x', 1] } }))).toBe(true);
        expect(await store.saveConversation(conv(3, { chatId: 'chat-2', state: { other: true } }))).toBe(true);
        expect(await store.getConversation('zalo', 'chat-1', T0)).toMatchObject({ state: conv(1).state, inboundId: 1, expiresAt: T0 + 30 * MIN });
        expect((await store.getConversation('telegram', 'chat-1', T0))?.state).toEqual({ tg: ['x', 1] });
        expect((await store.getConversation('zalo', 'chat-2', T0))?.state).toEqual({ other: true });
        expect(await store.saveConversation(conv(4, { state: { v: 'newer' } }))).toBe(true);
        expect((await store.getConversation('zalo', 'chat-1', T0))?.state).toEqual({ v: 'newer' });
      });

      it('counts a state as absent once it expires, and prunes only expired states', async () => {
        await store.saveConversation(conv(1, { expiresAt: T0 + MIN }));
        await store.saveConversation(conv(2, { chatId: 'chat-2', expiresAt: T0 + 10 * MIN }));
        expect(await store.getConversation('zalo', 'chat-1', T0 + MIN - 1)).toBeDefined();
        expect(await store.getConversation('zalo', 'chat-1', T0 + MIN)).toBeUndefined();
        expect(await store.pruneConversations(T0 + 5 * MIN)).toBe(1);
        expect(await store.getConversation('zalo', 'chat-2', T0 + 5 * MIN)).toBeDefined();
        // A new message after expiry starts afresh over the expired row.
        expect(await store.saveConversation(conv(3, { chatId: 'chat-2', expiresAt: T0 + 60 * MIN }))).toBe(true);
        expect(await store.getConversation('zalo', 'chat-2', T0 + 30 * MIN)).toMatchObject({ inboundId: 3 });
      });

      it('never lets an older message\'s state replace a newer one\'s', async () => {
        expect(await store.saveConversation(conv(5, { state: 'five' }))).toBe(true);
        expect(await store.saveConversation(conv(4, { state: 'four' }))).toBe(false);
        expect((await store.getConversation('zalo', 'chat-1', T0))?.state).toBe('five');
        expect(await store.saveConversation(conv(5, { state: 'five again' }))).toBe(true);
        expect((await store.getConversation('zalo', 'chat-1', T0))?.state).toBe('five again');
      });

      it('keeps the newest message\'s state when one chat\'s messages are saved concurrently', async () => {
        const order = [7, 3, 12, 1, 9, 12, 5, 11, 2, 8];
        await Promise.all(order.map((n) => store.saveConversation(conv(n, { state: { n } }))));
        expect(await store.getConversation('zalo', 'chat-1', T0)).toMatchObject({ inboundId: 12, state: { n: 12 } });
      });

      it('stores the state with the outcome in one step, once, and nothing for an unknown message', async () => {
        const id = await save({ channel: 'zalo' });
        const out = [{ channel: 'zalo' as const, chatId: 'chat-1', text: 'Có.', inboundId: id }];
        const first = await store.completeInboundWithConversation(id, outcome(), out, reviewItem(id), conv(id, { state: 'first' }));
        expect(first.outboxIds).toHaveLength(1);
        expect((await store.getOutcome(id))?.status).toBe('answer');
        expect((await store.getConversation('zalo', 'chat-1', T0))?.state).toBe('first');
        // Answering the same message again (another replica, a retry) changes neither the outcome nor the state.
        const again = await store.completeInboundWithConversation(id, outcome({ text: 'other' }), out, undefined, conv(id, { state: 'second' }));
        expect(again.outboxIds).toEqual(first.outboxIds);
        expect((await store.getConversation('zalo', 'chat-1', T0))?.state).toBe('first');
        await expect(store.completeInboundWithConversation(424242, outcome(), [], undefined, conv(424242, { chatId: 'ghost' }))).rejects.toThrow();
        expect(await store.getConversation('zalo', 'ghost', T0)).toBeUndefined();
      });

      it('answers two messages of one chat completed at the same time, the newer one\'s state winning', async () => {
        const a = await save({ channel: 'zalo' });
        const b = await save({ channel: 'zalo' });
        await Promise.all([
          store.completeInboundWithConversation(b, outcome(), [], undefined, conv(b, { state: 'b' })),
          store.completeInboundWithConversation(a, outcome(), [], undefined, conv(a, { state: 'a' })),
        ]);
        expect((await store.getOutcome(a))?.status).toBe('answer');
        expect((await store.getOutcome(b))?.status).toBe('answer');
        expect((await store.getConversation('zalo', 'chat-1', T0))?.state).toBe('b');
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
