/**
 * Start-up and memory, TypeScript through tsx (`npm run dev`) against the compiled build (`npm start` runs
 * `dist/main.js`): no channels, a fresh data folder each time (so no index cache). Measures the time from
 * spawning the process to the first `/healthz` 200 and to the knowledge ready, and the resident set size
 * once it has been idle for a while.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './lib/port.js';
import { readKnowledgeFiles } from '../src/knowledge/load.js';
import { distinctFolder } from './retrieval.js';
import { median, round } from './lib/stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export type StartMode = 'tsx' | 'compiled';
const COMMANDS: Record<StartMode, string[]> = { tsx: ['--import', 'tsx', 'src/main.ts'], compiled: ['--enable-source-maps', 'dist/main.js'] };

export interface StartupResult {
  mode: StartMode;
  scale: number;
  files: number;
  runs: number;
  /** Each run's time to the first /healthz 200 (ms). */
  startMs: number[];
  medianStartMs: number;
  /** Each run's time until /healthz reports the knowledge ready (ms). */
  readyMs: number[];
  medianReadyMs: number;
  /** Each run's RSS after `idleMs` of idling (MiB). */
  rssMiB: number[];
  medianRssMiB: number;
  idleMs: number;
}


function healthStatus(port: number): Promise<{ status: number; ready: boolean }> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: 1000 }, (res) => {
      let body = '';
      res.on('data', (b: Buffer) => (body += b.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ready: body.includes('"ready":true') }));
    });
    req.on('error', () => resolve({ status: 0, ready: false }));
    req.on('timeout', () => req.destroy());
  });
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return round(kb / 1024, 1);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startOnce(mode: StartMode, knowledgeDir: string, idleMs: number): Promise<{ startMs: number; readyMs: number; rssMiB: number }> {
  const data = mkdtempSync(path.join(os.tmpdir(), 'congdoan-start-'));
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, COMMANDS[mode], {
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
    let readyMs = Number.NaN;
    while (performance.now() < deadline && !exitedEarly) {
      const h = await healthStatus(port);
      if (h.status === 200 && Number.isNaN(startMs)) startMs = performance.now() - t0;
      if (h.status === 200 && h.ready) {
        readyMs = performance.now() - t0;
        break;
      }
      await sleep(5);
    }
    if (Number.isNaN(readyMs)) throw new Error(`the bot did not get ready (knowledge ${knowledgeDir})`);
    await sleep(idleMs);
    const rss = rssMiB(child.pid ?? 0);
    return { startMs: round(startMs, 0), readyMs: round(readyMs, 0), rssMiB: rss };
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(data, { recursive: true, force: true });
  }
}

export async function benchStartup(opts: { scales: readonly number[]; runs: number; idleMs: number }, log: (s: string) => void): Promise<StartupResult[]> {
  const { ensureDist } = (await import(path.join(ROOT, 'bin/dist.js'))) as { ensureDist(e: string): Promise<string> };
  await ensureDist('main');
  const results: StartupResult[] = [];
  for (const scale of opts.scales) {
    const tmp = scale === 1 ? undefined : distinctFolder(scale);
    const dir = tmp?.dir ?? path.join(ROOT, 'knowledge');
    const files = (await readKnowledgeFiles(dir)).length;
    try {
      for (const mode of ['tsx', 'compiled'] as const) {
      const runs: { startMs: number; readyMs: number; rssMiB: number }[] = [];
      for (let i = 0; i < opts.runs; i++) runs.push(await startOnce(mode, dir, opts.idleMs));
      const r: StartupResult = {
        mode,
        scale,
        files,
        runs: runs.length,
        startMs: runs.map((x) => x.startMs),
        medianStartMs: median(runs.map((x) => x.startMs)),
        readyMs: runs.map((x) => x.readyMs),
        medianReadyMs: median(runs.map((x) => x.readyMs)),
        rssMiB: runs.map((x) => x.rssMiB),
        medianRssMiB: median(runs.map((x) => x.rssMiB)),
        idleMs: opts.idleMs,
      };
      log(`  start-up ${mode} ×${scale}: /healthz ${r.startMs.join(', ')} ms, ready ${r.readyMs.join(', ')} ms; RSS ${r.rssMiB.join(', ')} MiB`);
      results.push(r);
      }
    } finally {
      tmp?.cleanup();
    }
  }
  return results;
}
