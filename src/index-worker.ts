/**
 * Worker thread entry: builds one snapshot (`loadSnapshotData`) off the main event loop and hands it over:
 * first everything but the documents and the terms, its typed arrays transferred rather than copied, then
 * the documents and the terms in slices, one per request of the main thread, so that no single message
 * takes the main thread long to receive. With an answer thread, a serialised copy goes to it on its own port.
 * One worker per build, so its memory is returned when it ends.
 */
import { serialize } from 'node:v8';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { snapshotBuffers } from './answer/snapshot.js';
import { loadSnapshotData, type BuildRequest } from './indexing/build.js';
import { errorText } from './threads/error-text.js';
import { lowerPriority } from './threads/priority.js';

export type WorkerRequest = BuildRequest & { delayMs?: number };

/** What the worker is started with: the request, and the answer thread's port when there is one. */
export type WorkerData = WorkerRequest & { answerPort?: MessagePort | undefined };

/** What the worker posts: the head (or an error), then one part per `next` request. */
export type WorkerMessage =
  | { ok: true; outcome: Awaited<ReturnType<typeof loadSnapshotData>>; parts: number }
  | { ok: false; error: string }
  | { part: { docs?: unknown[]; terms?: string[] } };

const DOCS_PER_PART = 25; // about 300 passages: a few milliseconds to receive at once
const TERMS_PER_PART = 20_000;

const slices = <T>(xs: readonly T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

const port = parentPort!;
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
const req = workerData as WorkerData;
lowerPriority();
try {
  const outcome = await loadSnapshotData(req);
  // Test knob: a slow rebuild, to show that answers keep coming from the current snapshot meanwhile.
  if (req.delayMs) await new Promise((r) => setTimeout(r, req.delayMs));
  const { data } = outcome;
  // The answer thread gets a copy, serialised here (off the main thread) before the buffers move to the main
  // thread, and sent once the main thread has every part, so the two do not take in a snapshot at once.
  const copy = req.answerPort ? serialize(data) : undefined;
  const feedAnswerThread = () => {
    if (!req.answerPort || !copy) return;
    req.answerPort.postMessage(copy, [copy.buffer as ArrayBuffer]);
    req.answerPort.close();
  };
  const parts = [...slices(data.kb.docs, DOCS_PER_PART).map((docs) => ({ docs })), ...slices(data.index.compiled.terms, TERMS_PER_PART).map((terms) => ({ terms }))];
  const head = { ...data, kb: { ...data.kb, docs: [] }, index: { ...data.index, compiled: { ...data.index.compiled, terms: [] } } };
  if (parts.length === 0) feedAnswerThread();
  post({ ok: true, outcome: { ...outcome, data: head }, parts: parts.length }, [...new Set(snapshotBuffers(data))]);
  port.on('message', (m: unknown) => {
    if (m !== 'next') return;
    const part = parts.shift();
    // Before the last part: once the main thread has it, it may end this thread.
    if (parts.length === 0) feedAnswerThread();
    if (part) post({ part });
    if (parts.length === 0) port.close();
  });
  if (parts.length === 0) port.close();
} catch (err) {
  post({ ok: false, error: errorText(err) });
}
