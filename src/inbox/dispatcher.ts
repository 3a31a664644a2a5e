/**
 * The dispatcher: an answering loop and one send loop per channel, woken by new messages, new rows and a timer.
 * Answering never waits for sending, and the channels send independently of each other.
 */
import type { Snapshot } from '../answer/answer.js';
import type { ChannelSender, ReplyRenderer } from '../channels/types.js';
import type { Logger } from '../logger.js';
import type { Channel, ReviewItemInput, Store, StoredInbound, StoredOutbox } from '../store/types.js';
import { createAnswerer, type AnswererDeps, type ChosenHook } from './answerer.js';
import type { FloodOptions } from './flood.js';
import type { AdminCommand } from './respond.js';
import { DEFAULT_RETRY, type GiveUpReason, type RetryPolicy } from './retry.js';
import { createSendLoop, type SendLoop } from './send-loop.js';

export { DEFAULT_RETRY, backoffMs, type RetryPolicy } from './retry.js';

/**
 * How long a claim keeps other replicas off a row. A replica that dies loses its claims at once (PostgreSQL:
 * presence lock; SQLite: re-opened), so these only bound a replica that is alive but stuck.
 */
export interface ClaimLeases {
  inboundMs: number;
  outboxMs: number;
}

export const DEFAULT_LEASES: ClaimLeases = { inboundMs: 30_000, outboxMs: 5 * 60_000 };

/** Longest a single send may take before it counts as failed (each channel also bounds its own requests). */
export const DEFAULT_SEND_TIMEOUT_MS = 60_000;

export interface DispatcherDeps {
  store: Store;
  snapshot: () => Snapshot;
  /** Where answers are decided (the answer thread); default: here, from `snapshot()`. */
  decide?: AnswererDeps['decide'];
  /** The channels that are on, each with its sender. */
  senders: Partial<Record<Channel, ChannelSender>>;
  /** Each channel's rendering (also for channels that are off: their replies wait in the outbox). */
  renderers: Record<Channel, ReplyRenderer>;
  logger: Logger;
  now?: () => number;
  retry?: Partial<RetryPolicy>;
  /** How often due retries are looked for. */
  tickMs?: number;
  /** Chats each channel sends to at once (one chat's messages always go in order). */
  sendConcurrency?: number;
  sendTimeoutMs?: number;
  leases?: ClaimLeases;
  /** Called after a question lands in the review queue (admin notices). */
  onReview?: (item: ReviewItemInput) => void;
  /** Called for every reply given up (past its deadline, or a permanent error). */
  onGiveUp?: (row: StoredOutbox, reason: GiveUpReason) => void;
  /** Whether the sender of a message is an admin (Telegram admin commands). */
  isAdmin?: (m: StoredInbound) => boolean;
  /** Per-chat flood limit (defaults: FLOOD_DEFAULTS). */
  flood?: Partial<FloodOptions>;
  /** issue 12: a worker chose a note: tapped a suggestion (`file`), or rated an answer 👍 (`ratedId`). For learning. */
  onChosen?: ChosenHook;
  /** Runs an admin command and returns the text to send back. */
  runAdminCommand?: (command: AdminCommand, args: string, m: StoredInbound) => Promise<string>;
  /** How long a chat's conversation state stays fresh (default 30 min). */
  conversationTtlMs?: number;
}

export interface Dispatcher {
  /** Wakes the dispatcher: answers stored messages and sends what is due. */
  kick(): void;
  /** Answers every pending message and sends every due row, then resolves. */
  drain(): Promise<void>;
  start(): void;
  /** Stops the timer and waits for the work in flight. */
  stop(): Promise<void>;
  /** Replies given up since start, per channel. */
  givenUp(): Partial<Record<Channel, number>>;
}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { store, logger } = deps;
  const now = deps.now ?? Date.now;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...deps.retry };
  const leases = deps.leases ?? DEFAULT_LEASES;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const loops = new Map<Channel, SendLoop>();
  for (const [channel, sender] of Object.entries(deps.senders) as [Channel, ChannelSender | undefined][]) {
    if (!sender) continue;
    loops.set(
      channel,
      createSendLoop({
        channel,
        store,
        sender,
        logger,
        now,
        retry,
        leaseMs: leases.outboxMs,
        concurrency: deps.sendConcurrency ?? 16,
        sendTimeoutMs: deps.sendTimeoutMs ?? DEFAULT_SEND_TIMEOUT_MS,
        onGiveUp: deps.onGiveUp,
      }),
    );
  }
  const kickSenders = () => {
    for (const loop of loops.values()) loop.kick();
  };

  const answerer = createAnswerer({
    store,
    snapshot: deps.snapshot,
    decide: deps.decide,
    renderers: deps.renderers,
    logger,
    now,
    leaseMs: leases.inboundMs,
    onQueued: (channel) => loops.get(channel)?.kick(),
    onReview: deps.onReview,
    isAdmin: deps.isAdmin,
    flood: deps.flood,
    runAdminCommand: deps.runAdminCommand,
    conversationTtlMs: deps.conversationTtlMs,
    onChosen: deps.onChosen,
  });

  // The answering loop: one run at a time; a kick during a run makes it run once more.
  let answering: Promise<void> | undefined;
  let again = false;
  const answer = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (answering) {
      again = true;
      return answering;
    }
    answering = (async () => {
      do {
        again = false;
        await answerer.answerPending();
      } while (again && !stopped);
    })()
      .catch((err: unknown) => logger.error({ err }, 'answering run failed'))
      .finally(() => {
        answering = undefined;
      });
    return answering;
  };

  const kick = () => {
    if (stopped) return;
    void answer();
    kickSenders();
  };

  return {
    kick,
    async drain() {
      while (answering) await answering;
      await answer();
      await Promise.all([...loops.values()].map((l) => l.drain()));
    },
    start() {
      timer = setInterval(kick, deps.tickMs ?? 1000);
      timer.unref();
      kick();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      while (answering) await answering;
      await Promise.all([...loops.values()].map((l) => l.stop()));
    },
    givenUp: () => Object.fromEntries([...loops].map(([c, l]) => [c, l.givenUp()])),
  };
}
