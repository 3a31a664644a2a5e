/** Retrieval quality and speed: every engine at every scale, each in a fresh process with `--expose-gc`. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDevSet } from './lib/devset.js';
import { devKeys, writeDistinctKnowledge } from './lib/distinct.js';
import type { DevScore } from './lib/devset.js';
import { ENGINES, type EngineName } from './lib/engines.js';

export interface RetrievalResult {
  engine: EngineName;
  scale: number;
  docs: number;
  passages: number;
  distinctPassages: number;
  buildMs: number;
  memoryMiB: number;
  queries: number;
  p50Ms: number;
  p99Ms: number;
  score: DevScore;
  /** The realistic set `test/eval/workers.jsonl`, with wrong answers counted. */
  workers: DevScore;
  counters: Record<string, number>;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function runWorker(engine: EngineName, scale: number, dir?: string): Promise<RetrievalResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=6144', '--import', 'tsx', 'bench/retrieval-worker.ts', engine, String(scale), ...(dir ? [dir] : [])], {
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

/**
 * `distinct` (default): ×N made of distinct paragraphs (bench/lib/distinct.ts), a knowledge base of many
 * different articles. `copies`: the real documents copied ×N with the same text; it measures only how the
 * engines cope with exact duplicates (ours keeps one candidate per distinct text), and flatters our scaling.
 */
export type ScaleVariant = 'distinct' | 'copies';

export async function benchRetrieval(scales: readonly number[], log: (s: string) => void, variant: ScaleVariant = 'distinct'): Promise<RetrievalResult[]> {
  const results: RetrievalResult[] = [];
  for (const scale of scales) {
    const folder = variant === 'distinct' && scale > 1 ? distinctFolder(scale) : undefined;
    try {
      for (const engine of ENGINES) {
        const t = performance.now();
        const r = await runWorker(engine, scale, folder?.dir);
        log(`  retrieval ${engine} ×${scale} ${variant}: build ${r.buildMs} ms, ${r.memoryMiB} MiB, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, score ${(r.score.overall * 100).toFixed(0)}% (${((performance.now() - t) / 1000).toFixed(1)} s)`);
        results.push(r);
      }
    } finally {
      folder?.cleanup();
    }
  }
  return results;
}

/** A temp folder with the real knowledge ×`scale` in distinct paragraphs. */
export function distinctFolder(scale: number): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `congdoan-kb-d${scale}-`));
  writeDistinctKnowledge(path.join(ROOT, 'knowledge'), dir, scale, devKeys(loadDevSet()));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
