/**
 * Start-up and memory: the bot as `npm start` runs it (`node --import tsx src/main.ts`), no channels,
 * a fresh data folder each time. Measures the time from spawning the process to the first `/healthz` 200,
 * and the resident set size once it has been idle for a while.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readKnowledgeFiles } from '../src/knowledge/load.js';
import { writeScaledKnowledge } from './lib/scale.js';
import { median, round } from './lib/stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface StartupResult {
  scale: number;
  files: number;
  runs: number;
  /** Each run's time to the first /healthz 200 (ms). */
  startMs: number[];
  medianStartMs: number;
  /** Each run's RSS after `idleMs` of idling (MiB). */
  rssMiB: number[];
  medianRssMiB: number;
  idleMs: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function healthStatus(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
  });
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return round(kb / 1024, 1);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startOnce(knowledgeDir: string, idleMs: number): Promise<{ startMs: number; rssMiB: number }> {
  const data = mkdtempSync(path.join(os.tmpdir(), 'congdoan-start-'));
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: data, KNOWLEDGE_DIR: knowledgeDir },
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  try {
    const deadline = t0 + 60_000;
    let startMs = Number.NaN;
    while (performance.now() < deadline && !exitedEarly) {
      if ((await healthStatus(port)) === 200) {
        startMs = performance.now() - t0;
        break;
      }
      await sleep(5);
    }
    if (Number.isNaN(startMs)) throw new Error(`the bot did not answer /healthz (knowledge ${knowledgeDir})`);
    await sleep(idleMs);
    const rss = rssMiB(child.pid ?? 0);
    return { startMs: round(startMs, 0), rssMiB: rss };
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(data, { recursive: true, force: true });
  }
}

export async function benchStartup(opts: { scales: readonly number[]; runs: number; idleMs: number }, log: (s: string) => void): Promise<StartupResult[]> {
  const results: StartupResult[] = [];
  for (const scale of opts.scales) {
    const tmp = scale === 1 ? undefined : mkdtempSync(path.join(os.tmpdir(), `congdoan-kb-x${scale}-`));
    const dir = tmp ?? path.join(ROOT, 'knowledge');
    const files = tmp ? writeScaledKnowledge(path.join(ROOT, 'knowledge'), tmp, scale).files : (await readKnowledgeFiles(dir)).length;
    try {
      const runs: { startMs: number; rssMiB: number }[] = [];
      for (let i = 0; i < opts.runs; i++) runs.push(await startOnce(dir, opts.idleMs));
      const r: StartupResult = {
        scale,
        files,
        runs: runs.length,
        startMs: runs.map((x) => x.startMs),
        medianStartMs: median(runs.map((x) => x.startMs)),
        rssMiB: runs.map((x) => x.rssMiB),
        medianRssMiB: median(runs.map((x) => x.rssMiB)),
        idleMs: opts.idleMs,
      };
      log(`  start-up ×${scale}: ${r.startMs.join(', ')} ms; RSS ${r.rssMiB.join(', ')} MiB`);
      results.push(r);
    } finally {
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    }
  }
  return results;
}
