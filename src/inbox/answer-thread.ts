/**
 * Answers in a worker thread, so the event loop that acknowledges webhooks and stores messages never runs a
 * search (at ×100 knowledge a question costs milliseconds of CPU; at a steady rate of deliveries that kept
 * the main thread most of the time busy, and acknowledgements queued behind answers while a reload took the
 * other core). The thread holds its own copy of the snapshot, fed by each index build (`feed`).
 *
 * Whenever the thread cannot answer (not fed yet, gone, or stuck past `timeoutMs`), the question is
 * answered here from the main thread's snapshot instead: slower for the webhooks, never lost. A thread that
 * ended is started again and fed by a reload (`onRestart`), at most once per `restartMinMs`.
 */
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import type { AnswerWorkerData, FromAnswerThread, ToAnswerThread } from '../answer-worker.js';
import { AnswerThreadError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { StoredInbound } from '../store/types.js';
import { spawnWorker } from '../threads/spawn.js';
import type { DecideOptions, Decision } from './respond.js';

export type DecideFn = (m: StoredInbound, now: number, opts: DecideOptions) => Decision;

/** A port the next index build posts its snapshot to, and whether the thread then answers from it. */
export interface SnapshotFeed {
  port: MessagePort;
  adopted: Promise<boolean>;
  /**
   * The thread answers from an older snapshot now, so the build is swapped in on the main thread only once
   * the thread has it too (or a question could get the old answer after the reload). A thread not fed yet
   * answers nothing: the main thread answers meanwhile, and a first start does not wait for it.
   */
  inUse: boolean;
}

export interface AnswerThread {
  /** Decides in the thread, or here (`local`) when the thread cannot. */
  decide(m: StoredInbound, now: number, opts: DecideOptions): Promise<Decision>;
  /** A feed for the next build (the thread is started when it is not running); undefined once closed. */
  feed(): SnapshotFeed | undefined;
  /** Whether the thread holds a snapshot and answers. */
  ready(): boolean;
  close(): Promise<void>;
}

export interface AnswerThreadDeps extends AnswerWorkerData {
  /** The worker entry (`src/answer-worker.ts`, or `.js` when compiled). */
  workerUrl: URL;
  /** Decides from the main thread's snapshot. */
  local: DecideFn;
  logger: Logger;
  /** Longest wait for one decision before the thread counts as stuck (it is then stopped and started again). */
  timeoutMs?: number;
  /** Called after the thread ended unexpectedly and was started again: a reload feeds it. */
  onRestart?: () => void;
  restartMinMs?: number;
  /** Called for every decision, with where it was made (metrics). */
  onDecided?: (where: 'thread' | 'main') => void;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RESTART_MIN_MS = 10_000;

interface Pending {
  resolve: (d: Decision) => void;
  reject: (err: AnswerThreadError) => void;
  timer: NodeJS.Timeout;
}

export function createAnswerThread(deps: AnswerThreadDeps): AnswerThread {
  const { logger } = deps;
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let worker: Worker | undefined;
  let isReady = false;
  let closed = false;
  let nextId = 1;
  let lastRestart = -Infinity;
  let restartTimer: NodeJS.Timeout | undefined;
  const pending = new Map<number, Pending>();
  const feeds = new Map<number, (adopted: boolean) => void>();

  const onMessage = (msg: FromAnswerThread) => {
    if (msg.type === 'adopted' || msg.type === 'feed-failed') {
      if (msg.type === 'adopted') {
        if (!isReady) logger.info({ passages: msg.passages }, 'answer thread answering');
        isReady = true;
      } else logger.warn({ error: msg.error }, 'the answer thread kept its snapshot');
      feeds.get(msg.feed)?.(msg.type === 'adopted');
      feeds.delete(msg.feed);
      return;
    }
    const p = pending.get(msg.id);
    if (!p) return; // timed out meanwhile
    pending.delete(msg.id);
    clearTimeout(p.timer);
    if (msg.type === 'decided') p.resolve(msg.decision);
    else p.reject(new AnswerThreadError(`deciding failed in the answer thread: ${msg.error}`, false));
  };

  const onExit = (w: Worker, code: number) => {
    if (worker !== w) return;
    worker = undefined;
    isReady = false;
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(new AnswerThreadError(`the answer thread ended (code ${code})`, true));
    }
    pending.clear();
    for (const resolve of feeds.values()) resolve(false);
    feeds.clear();
    if (closed) return;
    logger.error({ code }, 'the answer thread ended; answering on the main thread until it is fed again');
    // Started again and fed by a reload, not at once: a thread that fails as it starts must not spin.
    const wait = Math.max(0, lastRestart + (deps.restartMinMs ?? DEFAULT_RESTART_MIN_MS) - performance.now());
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      if (closed || worker) return;
      lastRestart = performance.now();
      start();
      deps.onRestart?.();
    }, wait);
    restartTimer.unref();
  };

  const start = (): Worker => {
    const data: AnswerWorkerData = { decideDelayMs: deps.decideDelayMs };
    const w = spawnWorker(deps.workerUrl, data);
    w.on('message', onMessage);
    w.on('error', (err) => logger.error({ err }, 'the answer thread failed'));
    w.once('exit', (code) => onExit(w, code));
    worker = w;
    return w;
  };

  const remote = (w: Worker, m: StoredInbound, now: number, opts: DecideOptions) =>
    new Promise<Decision>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new AnswerThreadError(`the answer thread did not answer within ${timeoutMs} ms`, true));
        logger.error({ timeoutMs }, 'the answer thread is stuck; stopping it');
        void w.terminate();
      }, timeoutMs);
      pending.set(id, { resolve, reject, timer });
      w.postMessage({ type: 'decide', id, m, now, opts } satisfies ToAnswerThread);
    });

  start();

  return {
    async decide(m, now, opts) {
      const here = () => {
        deps.onDecided?.('main');
        return deps.local(m, now, opts);
      };
      if (!worker || !isReady) return here();
      try {
        const d = await remote(worker, m, now, opts);
        deps.onDecided?.('thread');
        return d;
      } catch (err) {
        if (err instanceof AnswerThreadError && err.unavailable) return here();
        throw err;
      }
    },
    feed() {
      if (closed) return undefined;
      const w = worker ?? start();
      const feed = nextId++;
      const { port1, port2 } = new MessageChannel();
      const adopted = new Promise<boolean>((resolve) => feeds.set(feed, resolve));
      w.postMessage({ type: 'feed', feed, port: port2 } satisfies ToAnswerThread, [port2]);
      return { port: port1, adopted, inUse: isReady };
    },
    ready: () => worker !== undefined && isReady,
    async close() {
      closed = true;
      clearTimeout(restartTimer);
      await worker?.terminate();
    },
  };
}
