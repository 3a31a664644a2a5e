import { Writable } from 'node:stream';
import { startApp, type App } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { KNOWLEDGE_DIR, ROOT } from './knowledge.js';
import { tempDir } from './tmp.js';
import { pollFor } from './wait.js';

/** Log lines written by the app under test, kept in memory. */
export interface LogCapture {
  lines: string[];
  text(): string;
  json(): Record<string, unknown>[];
}

export function captureLogs(): { stream: Writable; logs: LogCapture } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  return {
    stream,
    logs: { lines, text: () => lines.join('\n'), json: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) },
  };
}

export interface TestApp extends App {
  logs: LogCapture;
  dataDir: string;
  /** Closes the app and removes its data folder (unless kept). */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

/** Starts the real app in-process on a free loopback port, with a temp data folder and the given env. */
export async function startTestApp(
  env: Record<string, string | undefined>,
  dataDir?: string,
  opts: { waitForKnowledge?: boolean; indexDelayMs?: number; indexVersion?: number; answerDelayMs?: number } = {},
): Promise<TestApp> {
  const tmp = dataDir ? { dir: dataDir, cleanup: () => {} } : tempDir('congdoan-data-');
  const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: tmp.dir, KNOWLEDGE_DIR, LOG_LEVEL: 'debug', ...env }, ROOT);
  const { stream, logs } = captureLogs();
  const secrets = [config.telegram?.token, config.zalo?.token, config.telegram?.webhookSecret, config.zalo?.webhookSecret].filter((s): s is string => !!s);
  const logger = createLogger({ level: 'debug', secrets, destination: stream });
  const app = await startApp(config, { logger, throttle: false, retry: { baseMs: 20, maxMs: 200 }, tickMs: 50, zaloClient: { backoffMs: 5, timeoutMs: 2000 }, channelStartBackoff: { initialMs: 50, maxMs: 400 }, indexDelayMs: opts.indexDelayMs, indexVersion: opts.indexVersion, answerDelayMs: opts.answerDelayMs });
  if (opts.waitForKnowledge ?? true) await app.ready;
  return {
    ...app,
    logs,
    dataDir: tmp.dir,
    async stop(opts = {}) {
      await app.close();
      if (!opts.keepData) tmp.cleanup();
    },
  };
}

/** POSTs a JSON (or raw string) body to the app. */
export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Polls an async condition until it holds; fails the test after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  await pollFor(check, timeoutMs, 'waitUntil: condition not met in time');
}
