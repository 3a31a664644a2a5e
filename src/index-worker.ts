/**
 * Worker thread entry: builds one snapshot (`loadSnapshotData`) off the main event loop and posts it back,
 * its typed arrays transferred, not copied. One worker per build, so its memory is returned when it ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { snapshotBuffers } from './answer/snapshot.js';
import { loadSnapshotData, type BuildRequest } from './indexing/build.js';

export type WorkerRequest = BuildRequest & { delayMs?: number };

const req = workerData as WorkerRequest;
try {
  const outcome = await loadSnapshotData(req);
  // Test knob: a slow rebuild, to show that answers keep coming from the current snapshot meanwhile.
  if (req.delayMs) await new Promise((r) => setTimeout(r, req.delayMs));
  parentPort!.postMessage({ ok: true, outcome }, [...new Set(snapshotBuffers(outcome.data))]);
} catch (err) {
  parentPort!.postMessage({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}
