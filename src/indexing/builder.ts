/**
 * Builds snapshots in a worker thread, so the main event loop keeps acknowledging webhooks and answering
 * from the current snapshot while a knowledge base is validated and indexed. Requests coalesce: while a
 * build runs, every new request shares the one next build (ten saves in a second cause one or two builds).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { openSnapshot } from '../answer/snapshot.js';
import type { Snapshot } from '../answer/answer.js';
import { IndexBuildError } from '../errors.js';
import type { WorkerRequest } from '../index-worker.js';
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
}

/** A `.ts` entry (development, tests) runs through tsx's loader, registered inside the worker. */
function spawnWorker(url: URL, workerData: WorkerRequest): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData });
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const tsx = pathToFileURL(path.join(path.dirname(pkg), 'dist/esm/api/index.mjs')).href;
  const boot = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(url.href)});`;
  return new Worker(boot, { eval: true, workerData });
}

export function createSnapshotBuilder(deps: BuilderDeps): SnapshotBuilder {
  const { workerUrl, ...request } = deps;
  let running: Promise<BuiltSnapshot> | undefined;
  let queued: Promise<BuiltSnapshot> | undefined;
  const workers = new Set<Worker>();
  let closed = false;

  const runOnce = () =>
    new Promise<BuiltSnapshot>((resolve, reject) => {
      if (closed) return reject(new IndexBuildError('the index builder is closed'));
      const started = performance.now();
      const worker = spawnWorker(workerUrl, request);
      workers.add(worker);
      let settled = false;
      worker.once('message', (m: { ok: true; outcome: BuildOutcome } | { ok: false; error: string }) => {
        settled = true;
        if (!m.ok) return reject(new IndexBuildError(`index build failed: ${m.error}`));
        const { data, source, cache, warnings, ms: workerMs } = m.outcome;
        try {
          resolve({ snapshot: openSnapshot(data), source, cache, warnings, workerMs, ms: performance.now() - started });
        } catch (err) {
          reject(new IndexBuildError('the built index could not be opened', { cause: err }));
        }
      });
      worker.once('error', (err) => {
        if (!settled) reject(new IndexBuildError('the index worker failed', { cause: err }));
        settled = true;
      });
      worker.once('exit', (code) => {
        workers.delete(worker);
        if (!settled) reject(new IndexBuildError(`the index worker exited (code ${code}) without a result`));
        settled = true;
      });
    });

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
