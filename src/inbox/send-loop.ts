/**
 * One channel's sender: claims that channel's due outbox rows and sends them, each chat on its own (a chat's rows
 * in order, `concurrency` chats at once), so a slow chat holds up only itself and a hung channel never holds up
 * the other channel or answering. A failed send is retried with capped backoff until its send deadline; the first
 * success after failures makes the channel's waiting retries due at once.
 */
import type { ChannelSender } from '../channels/types.js';
import { ChannelNetworkError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Channel, Store, StoredOutbox } from '../store/types.js';
import { afterFailure, giveUpText, type GiveUpReason, type RetryPolicy } from './retry.js';

export interface SendLoopDeps {
  channel: Channel;
  store: Store;
  sender: ChannelSender;
  logger: Logger;
  now: () => number;
  retry: RetryPolicy;
  leaseMs: number;
  /** Chats sent to at once. */
  concurrency: number;
  /** A send that has not settled after this long counts as failed (a guard over the channel's own timeouts). */
  sendTimeoutMs: number;
  /** Called for every reply given up (counted and logged by the caller too). */
  onGiveUp?: ((row: StoredOutbox, reason: GiveUpReason) => void) | undefined;
}

export interface SendLoop {
  /** Looks for due rows now. */
  kick(): void;
  /** Sends everything due, then resolves once nothing is in flight and nothing more is due. */
  drain(): Promise<void>;
  /** Stops claiming and waits for the sends in flight (at most one send timeout). */
  stop(): Promise<void>;
  /** Replies given up since start. */
  givenUp(): number;
}

const errorText = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 450);

/** Rejects when `p` has not settled within `ms`. */
function withTimeout<T>(p: Promise<T>, ms: number, method: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ChannelNetworkError(method, `no answer after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export function createSendLoop(deps: SendLoopDeps): SendLoop {
  const { store, logger, now, channel } = deps;
  /** Chats claimed and waiting for a free worker, each its rows in order. */
  const queue: StoredOutbox[][] = [];
  const inFlight = new Set<Promise<void>>();
  let claiming = false;
  let again = false;
  let stopped = false;
  /** The last claim found nothing due: with nothing queued or in flight, the loop is idle. */
  let exhausted = false;
  /** A send failed with a passing error since the last success: the next success retries the waiting rows at once. */
  let failing = false;
  let givenUp = 0;
  let idleWaiters: (() => void)[] = [];

  const checkIdle = () => {
    if (claiming || queue.length > 0 || inFlight.size > 0 || !exhausted) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  const giveUp = async (row: StoredOutbox, reason: GiveUpReason, err: unknown) => {
    await store.markSendFailed(row.id, giveUpText(reason, errorText(err)), null);
    givenUp += 1;
    deps.onGiveUp?.(row, reason);
    logger.error({ err, channel, outboxId: row.id, inboundId: row.inboundId, attempts: row.attempts + 1, reason }, 'send given up; shown on the admin page');
  };

  /** Sends one claimed row; false when it failed (the chat's later rows must wait). */
  const sendOne = async (row: StoredOutbox): Promise<boolean> => {
    try {
      await withTimeout(deps.sender.send(row), deps.sendTimeoutMs, 'send');
    } catch (err) {
      const permanent = deps.sender.isPermanent(err);
      const verdict = afterFailure(row, now(), permanent, deps.retry);
      if (verdict.giveUp) {
        await giveUp(row, verdict.reason, err);
        return true; // a given-up row no longer holds its chat's later rows back
      }
      failing = true;
      await store.markSendFailed(row.id, errorText(err), verdict.retryAt);
      logger.warn({ err, channel, outboxId: row.id, attempts: row.attempts + 1, retryAt: verdict.retryAt }, 'send failed, will retry');
      return false;
    }
    await store.markSent(row.id);
    if (failing) {
      failing = false;
      const due = await store.retryNow(channel, now());
      if (due > 0) {
        logger.info({ channel, rows: due }, 'channel works again: retrying the waiting replies now');
        again = true;
      }
    }
    return true;
  };

  /** Sends one chat's rows in order; at the first failure the rest go back, due with the failed row's retry. */
  const sendChat = async (rows: StoredOutbox[]) => {
    for (const [i, row] of rows.entries()) {
      if (await sendOne(row)) continue;
      const rest = rows.slice(i + 1).map((r) => r.id);
      if (rest.length > 0) await store.releaseOutbox(rest, now());
      return;
    }
  };

  const startWorkers = () => {
    while (inFlight.size < deps.concurrency && queue.length > 0) {
      const rows = queue.shift()!;
      const task: Promise<void> = sendChat(rows)
        .catch((err: unknown) => logger.error({ err, channel }, 'storing a send result failed; the row is retried after its lease'))
        .finally(() => {
          inFlight.delete(task);
          pump();
        });
      inFlight.add(task);
    }
  };

  const claim = async () => {
    const free = deps.concurrency - inFlight.size;
    const rows = await store.claimOutbox(now(), Math.max(4, free * 4), deps.leaseMs, channel);
    exhausted = rows.length === 0;
    const byChat = new Map<string, StoredOutbox[]>();
    for (const row of rows) byChat.set(row.chatId, [...(byChat.get(row.chatId) ?? []), row]);
    queue.push(...byChat.values());
  };

  function pump(): void {
    if (stopped) return checkIdle();
    startWorkers();
    if (claiming) {
      again = true;
      return;
    }
    if (inFlight.size >= deps.concurrency || queue.length > 0) return;
    claiming = true;
    again = false;
    claim()
      .catch((err: unknown) => {
        exhausted = true;
        logger.error({ err, channel }, 'claiming replies to send failed; the next tick retries');
      })
      .finally(() => {
        claiming = false;
        if (again || !exhausted) {
          again = false;
          exhausted = false;
          pump();
        } else {
          startWorkers();
          checkIdle();
        }
      });
  }

  return {
    kick() {
      exhausted = false;
      pump();
    },
    drain() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        exhausted = false;
        pump();
      });
    },
    async stop() {
      stopped = true;
      while (inFlight.size > 0 || claiming) await Promise.race([...inFlight, new Promise((r) => setTimeout(r, 10))]);
      for (const w of idleWaiters.splice(0)) w();
    },
    givenUp: () => givenUp,
  };
}
