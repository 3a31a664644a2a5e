/**
 * One retrieval measurement in a fresh process (run by bench/retrieval.ts with `--expose-gc`):
 *   node --expose-gc --import tsx bench/retrieval-worker.ts <ours|lunr-vi|minisearch> <scale> [knowledge dir]
 * With a knowledge dir (the distinct ×N folder written by bench/lib/distinct.ts), its documents are indexed;
 * without one, the real documents copied ×N (bench/lib/scale.ts).
 * Prints one JSON line: build time, heap retained by the index, query latencies, dev-set and workers-set scores
 * (workers questions are timed too).
 */
import { buildKnowledgeBase } from '../src/knowledge/base.js';
import { readKnowledgeFiles } from '../src/knowledge/load.js';
import { loadDevSet, scoreDevSet, WORKERS_SET_FILE, type EngineReply } from './lib/devset.js';
import { buildEngine, ENGINES, type EngineName } from './lib/engines.js';
import { scaleDocs } from './lib/scale.js';
import { percentile, round } from './lib/stats.js';

const [engineArg = 'ours', scaleArg = '1', dirArg] = process.argv.slice(2);
if (!ENGINES.includes(engineArg as EngineName)) throw new Error(`unknown engine ${engineArg}`);
const engine = engineArg as EngineName;
const scale = Number(scaleArg);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const collect = () => {
  for (let i = 0; i < 3; i++) gc();
};

/** Measured rounds over the dev questions after the scored warm-up round: at least MIN_ROUNDS, then until TIME_BUDGET_MS or MAX_ROUNDS. */
const MIN_ROUNDS = 1;
const MAX_ROUNDS = 200;
const TIME_BUDGET_MS = Number(process.env.BENCH_QUERY_BUDGET_MS ?? 2500);

const kb = buildKnowledgeBase(await readKnowledgeFiles(dirArg ?? new URL('../knowledge', import.meta.url).pathname));
const docs = dirArg ? kb.docs : scaleDocs(kb.docs, scale);
const passages = docs.reduce((n, d) => n + d.passages.length, 0);
const items = loadDevSet();
const workerItems = loadDevSet(WORKERS_SET_FILE);

collect();
/** Memory an index holds: the JS heap plus ArrayBuffer backing stores (typed arrays live outside the heap). */
const retained = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const memoryBefore = retained();
const t0 = performance.now();
const built = buildEngine(engine, docs, kb);
const buildMs = performance.now() - t0;
collect();
const memoryAfter = retained();

// First round: the answers that are scored (every engine is deterministic), also the warm-up.
const replies: EngineReply[] = items.map((it) => built.answer(it.q));
const score = scoreDevSet(items, replies);
const workers = scoreDevSet(workerItems, workerItems.map((it) => built.answer(it.q)));
const timed = [...items, ...workerItems];

const samples: number[] = [];
const started = performance.now();
for (let round = 0; round < MAX_ROUNDS; round++) {
  if (round >= MIN_ROUNDS && performance.now() - started > TIME_BUDGET_MS) break;
  for (const it of timed) {
    const t = performance.now();
    built.answer(it.q);
    samples.push(performance.now() - t);
  }
}

const result = {
  engine,
  scale,
  docs: docs.length,
  passages,
  distinctPassages: new Set(docs.flatMap((d) => d.passages.map((p) => p.text))).size,
  buildMs: round(buildMs, 1),
  memoryMiB: round((memoryAfter - memoryBefore) / (1024 * 1024), 1),
  queries: samples.length,
  p50Ms: round(percentile(samples, 50), 3),
  p99Ms: round(percentile(samples, 99), 3),
  score,
  workers,
  counters: built.counters,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
