/**
 * Builds snapshots in a worker thread, so the main event loop keeps acknowledging webhooks and answering
 * from the current snapshot while a knowledge base is validated and indexed. Requests coalesce: while a
 * build runs, every new request shares the one next build (ten saves in a second cause one or two builds).
 */
import type { Worker } from 'node:worker_threads';
import { openSnapshotSteps, type SnapshotData } from '../answer/snapshot.js';
import type { Snapshot } from '../answer/answer.js';
import { IndexBuildError } from '../errors.js';
import type { WorkerData, WorkerMessage, WorkerRequest } from '../index-worker.js';
import type { SnapshotFeed } from '../inbox/answer-thread.js';
import { spawnWorker } from '../threads/spawn.js';
import type { BuildOutcome } from './build.js';

export interface BuiltSnapshot {
  snapshot: Snapshot;
  source: BuildOutcome['source'];
  cache?: BuildOutcome['cache'];
  warnings: string[];
  /** Time in the worker (read, cache, build) and until the snapshot is open on this thread. */
  workerMs: number;
  ms: number;
}

export interface SnapshotBuilder {
  /** A snapshot of the folder as it is now (a build that starts after this call). */
  build(): Promise<BuiltSnapshot>;
  /** Stops a build in progress (its callers get an error). */
  close(): Promise<void>;
}

export interface BuilderDeps extends WorkerRequest {
  /** The worker entry (`src/index-worker.ts`, or `.js` when compiled). */
  workerUrl: URL;
  /** Where else each build's snapshot goes (the answer thread): the worker posts it there too. */
  answerFeed?: (() => SnapshotFeed | undefined) | undefined;
}

/** Longest wait for the answer thread to open a build (past it the build is used here anyway). */
const FEED_TIMEOUT_MS = 60_000;

const adoptedWithin = (feed: SnapshotFeed, ms: number) => {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([feed.adopted, new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)))]).finally(() => clearTimeout(timer));
};

export function createSnapshotBuilder(deps: BuilderDeps): SnapshotBuilder {
  const { workerUrl, answerFeed, ...request } = deps;
  let running: Promise<BuiltSnapshot> | undefined;
  let queued: Promise<BuiltSnapshot> | undefined;
  const workers = new Set<Worker>();
  let closed = false;

  /** One build: spawn, receive the head, pull the parts one message at a time, open in steps (yielding between). */
  const runOnce = async (): Promise<BuiltSnapshot> => {
    if (closed) throw new IndexBuildError('the index builder is closed');
    const started = performance.now();
    const feed = answerFeed?.();
    const worker = spawnWorker(workerUrl, { ...request, answerPort: feed?.port } satisfies WorkerData, feed ? [feed.port] : []);
    workers.add(worker);
    const inbox: WorkerMessage[] = [];
    let wake = () => {};
    let failure: IndexBuildError | undefined;
    worker.on('message', (m: WorkerMessage) => {
      inbox.push(m);
      wake();
    });
    worker.once('error', (err) => {
      failure ??= new IndexBuildError('the index worker failed', { cause: err });
      wake();
    });
    worker.once('exit', (code) => {
      workers.delete(worker);
      failure ??= new IndexBuildError(`the index worker exited (code ${code}) without a result`);
      wake();
    });
    const receive = async (): Promise<WorkerMessage> => {
      for (;;) {
        const m = inbox.shift();
        if (m) return m;
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    };
    try {
      const head = await receive();
      if ('part' in head) throw new IndexBuildError('the index worker sent a part first');
      if (!head.ok) throw new IndexBuildError(`index build failed: ${head.error}`);
      const { data, source, cache, warnings, ms: workerMs } = head.outcome;
      const docs: typeof data.kb.docs = [];
      const terms: string[] = [];
      for (let i = 0; i < head.parts; i++) {
        worker.postMessage('next');
        const m = await receive();
        if (!('part' in m)) throw new IndexBuildError('the index worker sent something other than a part');
        if (m.part.docs) for (const d of m.part.docs as typeof docs) docs.push(d);
        if (m.part.terms) for (const t of m.part.terms) terms.push(t);
      }
      const full: SnapshotData = { ...data, kb: { ...data.kb, docs }, index: { ...data.index, compiled: { ...data.index.compiled, terms } } };
      const steps = openSnapshotSteps(full);
      for (;;) {
        const r = steps.next();
        if (r.done) {
          // The answer thread answers from this build too before it is swapped in here (both switch together).
          if (feed?.inUse) await adoptedWithin(feed, FEED_TIMEOUT_MS);
          return { snapshot: r.value, source, cache, warnings, workerMs, ms: performance.now() - started };
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (err) {
      if (err instanceof IndexBuildError) throw err;
      throw new IndexBuildError('the built index could not be opened', { cause: err });
    } finally {
      void worker.terminate();
    }
  };

  const build = (): Promise<BuiltSnapshot> => {
    if (!running) {
      const p = runOnce();
      running = p;
      const clear = () => {
        if (running === p) running = undefined;
      };
      p.then(clear, clear);
      return p;
    }
    // A build is running: it may have read the folder before the change that caused this call, so wait for
    // it and run one more; every call made meanwhile shares that one.
    queued ??= running.then(
      () => undefined,
      () => undefined,
    ).then(() => {
      queued = undefined;
      return build();
    });
    return queued;
  };

  return {
    build,
    async close() {
      closed = true;
      await Promise.all([...workers].map((w) => w.terminate()));
    },
  };
}
