/**
 * Webhook end to end: autocannon on loopback against `/webhooks/telegram` (valid secret, a distinct update
 * and chat per request) while the bot answers through the fake Telegram API. Measures acknowledged updates
 * per second, time to acknowledge, and the time until every acknowledged update has its reply.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startFakeTelegram, textUpdate } from '../test/support/fake-telegram.js';
import { loadDevSet } from './lib/devset.js';
import { round } from './lib/stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECRET = 'bench-secret_0123456789';
const HEADER = 'x-telegram-bot-api-secret-token';

export interface WebhookResult {
  updates: number;
  connections: number;
  acknowledged: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
  ackPerSec: number;
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  /** From the first request until the last acknowledged update had its reply. */
  allRepliedS: number | null;
  /** Replies still missing when we stopped waiting. */
  missingReplies: number;
  /** Replies per second over the whole run (acknowledged ÷ allRepliedS). */
  repliesPerSec: number | null;
  appWarnLines: number;
  appRssMiB: number;
  /** The bot's event-loop delay over warm-up and run (ms). */
  appLoopDelay: { p50Ms: number; p99Ms: number; maxMs: number };
}

interface Stopped {
  warnLines: number;
  rssMiB: number;
  loop: { p50Ms: number; p99Ms: number; maxMs: number };
}

interface AppHandle {
  port: number;
  stop(): Promise<Stopped>;
}

function startBenchApp(env: Record<string, string>): Promise<AppHandle> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(ROOT, 'bench/webhook-app.ts'), [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx', ...(process.env.BENCH_APP_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_APP_PROF] : [])],
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.once('error', reject);
    void exited.then(() => reject(new Error('bench app exited before listening')));
    child.once('message', (m: { port: number }) => {
      resolve({
        port: m.port,
        stop: async () => {
          const none: Stopped = { warnLines: Number.NaN, rssMiB: Number.NaN, loop: { p50Ms: Number.NaN, p99Ms: Number.NaN, maxMs: Number.NaN } };
          if (child.exitCode !== null || child.signalCode !== null) return none;
          const stopped = new Promise<Stopped>((res) => child.once('message', (s: Stopped) => res(s)));
          child.send('stop');
          const timeout = new Promise<Stopped>((res) => setTimeout(() => res(none), 30_000).unref());
          const result = await Promise.race([stopped, exited.then(() => none), timeout]);
          // The app exits by itself after reporting (writing a CPU profile first when BENCH_APP_PROF is set).
          await Promise.race([exited, new Promise((res) => setTimeout(res, 10_000).unref())]);
          if (child.exitCode === null) child.kill('SIGKILL');
          return result;
        },
      });
    });
  });
}

export async function benchWebhook(opts: { updates: number; connections: number; replyTimeoutMs?: number }, log: (s: string) => void): Promise<WebhookResult> {
  const tg = await startFakeTelegram();
  const data = mkdtempSync(path.join(os.tmpdir(), 'congdoan-bench-'));
  const app = await startBenchApp({
    DATA_DIR: data,
    KNOWLEDGE_DIR: path.join(ROOT, 'knowledge'),
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.url,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    PUBLIC_URL: 'https://bot.example.org',
  });
  const questions = loadDevSet().map((it) => it.q);
  const repliedChats = new Set<string>();
  let seen = 0;
  const replied = () => {
    const calls = tg.sent();
    for (; seen < calls.length; seen++) repliedChats.add(String(calls[seen]?.body.chat_id));
    return repliedChats;
  };

  const fire = async (first: number, amount: number) => {
    let next = first;
    const acked: number[] = [];
    const started = performance.now();
    let lastAckAt = started;
    const result = await autocannon({
      url: `http://127.0.0.1:${app.port}`,
      connections: opts.connections,
      amount,
      timeout: 30,
      requests: [
        {
          method: 'POST',
          path: '/webhooks/telegram',
          headers: { 'content-type': 'application/json', [HEADER]: SECRET },
          setupRequest: (req, context) => {
            const id = next++;
            (context as { id?: number }).id = id;
            return { ...req, body: JSON.stringify(textUpdate(id, id, questions[id % questions.length] ?? 'vay vốn')) };
          },
          onResponse: (status, _body, context) => {
            const { id } = context as { id?: number };
            if (status === 200 && id !== undefined) {
              acked.push(id);
              lastAckAt = performance.now();
            }
          },
        },
      ],
    });
    // autocannon resolves on its one-second ticker, so its own duration rounds up: time the last acknowledgement.
    return { result, acked, started, wallS: (lastAckAt - started) / 1000 };
  };

  try {
    // Warm-up (JIT, SQLite pages, connections), then wait for its replies.
    const warm = await fire(1, 500);
    await tg.waitFor(() => warm.acked.every((id) => replied().has(String(id))), 60_000);

    log(`  webhook: ${opts.updates} updates over ${opts.connections} connections…`);
    const { result, acked, started, wallS } = await fire(1_000_000, opts.updates);
    const ackedAt = performance.now();
    const deadline = ackedAt + (opts.replyTimeoutMs ?? 180_000);
    let missing = acked.length;
    while (performance.now() < deadline) {
      const r = replied();
      missing = acked.filter((id) => !r.has(String(id))).length;
      if (missing === 0) break;
      await new Promise((res) => setTimeout(res, 20));
    }
    const allRepliedS = missing === 0 ? (performance.now() - started) / 1000 : null;
    const stopped = await app.stop();
    const durationS = wallS;
    return {
      updates: opts.updates,
      connections: opts.connections,
      acknowledged: acked.length,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      durationS: round(durationS, 2),
      ackPerSec: Math.round(acked.length / durationS),
      ackP50Ms: result.latency.p50,
      ackP99Ms: result.latency.p99,
      ackMaxMs: result.latency.max,
      allRepliedS: allRepliedS === null ? null : round(allRepliedS, 2),
      missingReplies: missing,
      repliesPerSec: allRepliedS === null ? null : Math.round(acked.length / allRepliedS),
      appWarnLines: stopped.warnLines,
      appRssMiB: stopped.rssMiB,
      appLoopDelay: { p50Ms: round(stopped.loop.p50Ms, 1), p99Ms: round(stopped.loop.p99Ms, 1), maxMs: round(stopped.loop.maxMs, 1) },
    };
  } finally {
    await tg.close();
    rmSync(data, { recursive: true, force: true });
  }
}
