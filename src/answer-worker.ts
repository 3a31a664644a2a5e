/**
 * Answer thread entry: holds its own copy of the live snapshot and decides answers (`decide`, pure), so the
 * thread that acknowledges webhooks never runs a search. Each snapshot arrives on a port the main thread
 * hands over (`feed`), posted to it by the index worker that built it (`v8.serialize`d there); opening it
 * here blocks only this thread. See `inbox/answer-thread.ts` for the other side.
 */
import { deserialize } from 'node:v8';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { Snapshot } from './answer/answer.js';
import { buildSnapshotData, openSnapshot, type SnapshotData } from './answer/snapshot.js';
import { decide, type DecideOptions, type Decision } from './inbox/respond.js';
import type { StoredInbound } from './store/types.js';
import { errorText } from './threads/error-text.js';
import { lowerPriority } from './threads/priority.js';

/** Test knob: every decision takes this long (a stuck search), to show the main thread answers meanwhile. */
export interface AnswerWorkerData {
  decideDelayMs?: number | undefined;
}

export type ToAnswerThread =
  | { type: 'feed'; feed: number; port: MessagePort }
  | { type: 'decide'; id: number; m: StoredInbound; now: number; opts: DecideOptions };

export type FromAnswerThread =
  | { type: 'adopted'; feed: number; passages: number }
  | { type: 'feed-failed'; feed: number; error: string }
  | { type: 'decided'; id: number; decision: Decision }
  | { type: 'failed'; id: number; error: string };

// Acknowledging webhooks comes first: on a busy machine the main thread gets the CPU before answers do.
lowerPriority();
const port = parentPort!;
const { decideDelayMs } = (workerData ?? {}) as AnswerWorkerData;
const post = (m: FromAnswerThread) => port.postMessage(m);

let snapshot: Snapshot = openSnapshot(buildSnapshotData([]));

const adoptFrom = (feed: number, from: MessagePort) => {
  let done = false;
  from.once('message', (bytes: Uint8Array) => {
    done = true;
    try {
      snapshot = openSnapshot(deserialize(bytes) as SnapshotData);
      post({ type: 'adopted', feed, passages: snapshot.index.size });
    } catch (err) {
      post({ type: 'feed-failed', feed, error: errorText(err) });
    } finally {
      from.close();
    }
  });
  // The index worker ends without posting when its build failed: this thread keeps its snapshot.
  from.once('close', () => {
    if (!done) post({ type: 'feed-failed', feed, error: 'the index worker sent no snapshot' });
  });
};

port.on('message', (msg: ToAnswerThread) => {
  if (msg.type === 'feed') return adoptFrom(msg.feed, msg.port);
  try {
    if (decideDelayMs) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, decideDelayMs);
    post({ type: 'decided', id: msg.id, decision: decide(snapshot, msg.m, msg.now, msg.opts) });
  } catch (err) {
    post({ type: 'failed', id: msg.id, error: errorText(err) });
  }
});
