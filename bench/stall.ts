/**
 * The stall bench: the bot as `npm start` runs it (compiled `dist/main.js`) on ×N knowledge made of distinct
 * paragraphs, webhook deliveries at a steady rate (open loop: one request every 1/rate s, whatever the
 * answers do) and a `/healthz` probe every 25 ms. Phases: cold start (no cache) → baseline load → the same
 * load while one knowledge file is edited and the index rebuilds → idle → stop → cached start.
 * Reports acknowledgement p50/p99/max and the slowest /healthz in each phase, the reload's duration, start
 * times (to /healthz 200 and to the knowledge ready) and idle RSS.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './lib/port.js';
import { Pool } from 'undici';
import { startFakeTelegram, textUpdate, type FakeTelegram } from '../test/support/fake-telegram.js';
import { loadDevSet } from './lib/devset.js';
import { distinctFolder } from './retrieval.js';
import { percentile, round } from './lib/stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECRET = 'bench-secret_0123456789';

export interface PhaseStats {
  requests: number;
  failed: number;
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  healthzMaxMs: number;
  healthzProbes: number;
}

export interface StallResult {
  scale: number;
  files: number;
  rate: number;
  coldStart: { healthzMs: number; readyMs: number };
  cachedStart: { healthzMs: number; readyMs: number };
  baseline: PhaseStats;
  /**
   * `buildP99Ms`: acks sent while the worker built; `handoverP99Ms`: in the last second before the new index
   * answered; `afterP99Ms`: in the half second after it (the old snapshot collected, the new one's memos cold).
   */
  reload: PhaseStats & { reloadMs: number; buildP99Ms: number; handoverP99Ms: number; afterP99Ms: number };
  idleRssMiB: number;
  cachedIdleRssMiB: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


const rssMiB = (pid: number) => round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024, 1);

interface Health {
  status: number;
  ready: boolean;
  passages: number;
}

async function health(pool: Pool): Promise<Health & { ms: number }> {
  const t = performance.now();
  try {
    const res = await pool.request({ method: 'GET', path: '/healthz', headersTimeout: 30_000, bodyTimeout: 30_000 });
    const body = (await res.body.json()) as { knowledge?: { ready?: boolean; passages?: number } };
    return { status: res.statusCode, ready: body.knowledge?.ready === true, passages: body.knowledge?.passages ?? 0, ms: performance.now() - t };
  } catch {
    return { status: 0, ready: false, passages: 0, ms: performance.now() - t };
  }
}

interface Bot {
  child: ChildProcess;
  port: number;
  origin: string;
  /** Time from spawn to the first /healthz 200, and to the knowledge ready. */
  started: Promise<{ healthzMs: number; readyMs: number }>;
  stop(): Promise<void>;
}

async function startBot(env: Record<string, string>): Promise<Bot> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/main.js'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const started = (async () => {
    const pool = new Pool(origin, { connections: 1 });
    let healthzMs = Number.NaN;
    try {
      for (const deadline = t0 + 120_000; performance.now() < deadline && child.exitCode === null; await sleep(5)) {
        const h = await health(pool);
        if (h.status === 200 && Number.isNaN(healthzMs)) healthzMs = performance.now() - t0;
        if (h.status === 200 && h.ready) return { healthzMs: round(healthzMs, 0), readyMs: round(performance.now() - t0, 0) };
      }
      throw new Error('the bot did not get ready');
    } finally {
      await pool.close();
    }
  })();
  return {
    child,
    port,
    origin,
    started,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The last stretch of a reload counted as the hand-over (receiving and opening the snapshot). */
const HANDOVER_WINDOW_MS = 1000;

/** Deliveries at `rate`/s and a /healthz probe every 25 ms until `until()` resolves; per-request latencies. */
async function load(origin: string, rate: number, questions: readonly string[], firstId: number, until: Promise<unknown>): Promise<{ stats: PhaseStats; next: number; acks: { at: number; ms: number }[] }> {
  const pool = new Pool(origin, { connections: 64, pipelining: 1, headersTimeout: 30_000, bodyTimeout: 30_000 });
  const probe = new Pool(origin, { connections: 1 });
  const timed: { at: number; ms: number }[] = [];
  const probes: number[] = [];
  let failed = 0;
  let id = firstId;
  let done = false;
  void until.then(() => (done = true));
  const inflight: Promise<void>[] = [];
  const send = async (n: number) => {
    const t = performance.now();
    try {
      const res = await pool.request({
        method: 'POST',
        path: '/webhooks/telegram',
        body: JSON.stringify(textUpdate(n, 100_000 + n, questions[n % questions.length]!)),
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      });
      await res.body.dump();
      if (res.statusCode !== 200) failed++;
    } catch {
      failed++;
    }
    timed.push({ at: t, ms: performance.now() - t });
  };
  const prober = (async () => {
    while (!done) {
      probes.push((await health(probe)).ms);
      await sleep(25);
    }
  })();
  const start = performance.now();
  let sent = 0;
  while (!done) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    while (sent < due) {
      inflight.push(send(id++));
      sent++;
    }
    await sleep(2);
  }
  await Promise.all(inflight);
  await prober;
  await pool.close();
  await probe.close();
  const acks = timed.map((a) => a.ms);
  return {
    next: id,
    acks: timed,
    stats: {
      requests: acks.length,
      failed,
      ackP50Ms: round(percentile(acks, 50), 1),
      ackP99Ms: round(percentile(acks, 99), 1),
      ackMaxMs: round(Math.max(...acks), 1),
      healthzMaxMs: round(Math.max(...probes), 1),
      healthzProbes: probes.length,
    },
  };
}

export async function benchStall(opts: { scales: readonly number[]; rate: number; baselineS: number }, log: (s: string) => void): Promise<StallResult[]> {
  const { ensureDist } = (await import(path.join(ROOT, 'bin/dist.js'))) as { ensureDist(e: string): Promise<string> };
  await ensureDist('main');
  const questions = loadDevSet().map((i) => i.q);
  const results: StallResult[] = [];
  for (const scale of opts.scales) {
    const folder = distinctFolder(scale);
    const data = mkdtempSync(path.join(os.tmpdir(), 'congdoan-stall-'));
    let tg: FakeTelegram | undefined;
    try {
      tg = await startFakeTelegram();
      const env = {
        DATA_DIR: data,
        KNOWLEDGE_DIR: folder.dir,
        PUBLIC_URL: 'https://bot.example.org',
        TELEGRAM_BOT_TOKEN: tg.token,
        TELEGRAM_API_ROOT: tg.url,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
      };
      const files = readdirSync(folder.dir, { recursive: true }).filter((f) => String(f).endsWith('.md') || String(f).endsWith('.yaml')).length;

      // Cold start, then a baseline under load, then the same load across a reload.
      let bot = await startBot(env);
      const coldStart = await bot.started;
      log(`  stall ×${scale}: cold start /healthz ${coldStart.healthzMs} ms, ready ${coldStart.readyMs} ms`);
      let next = 1;
      ({ next } = await load(bot.origin, opts.rate, questions, next, sleep(2000))); // warm-up
      const base = await load(bot.origin, opts.rate, questions, next, sleep(opts.baselineS * 1000));
      next = base.next;
      log(`  stall ×${scale}: baseline ack p99 ${base.stats.ackP99Ms} ms, max ${base.stats.ackMaxMs} ms, slowest /healthz ${base.stats.healthzMaxMs} ms`);

      const probePool = new Pool(bot.origin, { connections: 1 });
      const before = (await health(probePool)).passages;
      let reloadMs = Number.NaN;
      let editedAt = Number.NaN;
      let swappedAt = Number.NaN;
      const reloaded = (async () => {
        await sleep(1000);
        const t = performance.now();
        editedAt = t;
        appendFileSync(path.join(folder.dir, 'policies', 'quy-tro-von.md'), '\nĐoàn viên cần vay vốn gấp có thể hỏi thêm cán bộ công đoàn cơ sở về thủ tục và thời gian giải ngân của từng đợt.\n');
        for (;;) {
          await sleep(20);
          if ((await health(probePool)).passages !== before) break;
        }
        swappedAt = performance.now();
        reloadMs = swappedAt - t;
        await sleep(500);
      })();
      const during = await load(bot.origin, opts.rate, questions, next, reloaded);
      await probePool.close();
      // Which part of the reload the slow acknowledgements fall in: while the worker builds, or in the last second
      // before the new index answered (the hand-over: the main thread receiving and opening its snapshot, the answer thread its copy).
      const p99Of = (from: number, to: number) => round(percentile(during.acks.filter((a) => a.at >= from && a.at < to).map((a) => a.ms), 99), 1);
      const buildP99Ms = p99Of(editedAt, swappedAt - HANDOVER_WINDOW_MS);
      const handoverP99Ms = p99Of(swappedAt - HANDOVER_WINDOW_MS, swappedAt);
      const afterP99Ms = p99Of(swappedAt, Number.POSITIVE_INFINITY);
      log(`  stall ×${scale}: reload ${round(reloadMs, 0)} ms; ack p99 ${during.stats.ackP99Ms} ms (while building ${buildP99Ms} ms, last second ${handoverP99Ms} ms, after the swap ${afterP99Ms} ms), max ${during.stats.ackMaxMs} ms, slowest /healthz ${during.stats.healthzMaxMs} ms`);

      await sleep(3000);
      const idleRssMiB = rssMiB(bot.child.pid ?? 0);
      await bot.stop();

      // Cached start: same folder (one file changed since the first start, rebuilt and cached by the reload).
      bot = await startBot(env);
      const cachedStart = await bot.started;
      await sleep(3000);
      const cachedIdleRssMiB = rssMiB(bot.child.pid ?? 0);
      await bot.stop();
      log(`  stall ×${scale}: cached start /healthz ${cachedStart.healthzMs} ms, ready ${cachedStart.readyMs} ms; idle RSS ${idleRssMiB} MiB (after a cached start ${cachedIdleRssMiB} MiB)`);
      results.push({ scale, files, rate: opts.rate, coldStart, cachedStart, baseline: base.stats, reload: { ...during.stats, reloadMs: round(reloadMs, 0), buildP99Ms, handoverP99Ms, afterP99Ms }, idleRssMiB, cachedIdleRssMiB });
    } finally {
      await tg?.close();
      folder.cleanup();
      rmSync(data, { recursive: true, force: true });
    }
  }
  return results;
}
