/** Retrieval quality and speed: every engine at every scale, each in a fresh process with `--expose-gc`. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DevScore } from './lib/devset.js';
import { ENGINES, type EngineName } from './lib/engines.js';

export interface RetrievalResult {
  engine: EngineName;
  scale: number;
  docs: number;
  passages: number;
  buildMs: number;
  memoryMiB: number;
  queries: number;
  p50Ms: number;
  p99Ms: number;
  score: DevScore;
  counters: Record<string, number>;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function runWorker(engine: EngineName, scale: number): Promise<RetrievalResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=6144', '--import', 'tsx', 'bench/retrieval-worker.ts', engine, String(scale)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) return reject(new Error(`retrieval worker ${engine} ×${scale} failed (${code}):\n${err}${out}`));
      resolve(JSON.parse(line) as RetrievalResult);
    });
  });
}

export async function benchRetrieval(scales: readonly number[], log: (s: string) => void): Promise<RetrievalResult[]> {
  const results: RetrievalResult[] = [];
  for (const scale of scales) {
    for (const engine of ENGINES) {
      const t = performance.now();
      const r = await runWorker(engine, scale);
      log(`  retrieval ${engine} ×${scale}: build ${r.buildMs} ms, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, score ${(r.score.overall * 100).toFixed(0)}% (${((performance.now() - t) / 1000).toFixed(1)} s)`);
      results.push(r);
    }
  }
  return results;
}
