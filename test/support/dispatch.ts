/**
 * The dispatcher wired to real parts on a simulated clock: real SQLite in a temp folder, the real Telegram and
 * Zalo channels (their senders and `receive`), fake Telegram and Zalo APIs on loopback. The clock moves only when
 * the test says so, so an outage of hours takes milliseconds; the APIs answer in real time.
 */
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/channel.js';
import { telegramRenderer } from '../../src/channels/telegram/render.js';
import { createZaloChannel, type ZaloChannel } from '../../src/channels/zalo/channel.js';
import { zaloRenderer } from '../../src/channels/zalo/render.js';
import { createDispatcher, type Dispatcher, type DispatcherDeps } from '../../src/inbox/dispatcher.js';
import { createLogger } from '../../src/logger.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { captureLogs, type LogCapture } from './app.js';
import { startFakeTelegram, type FakeTelegram } from './fake-telegram.js';
import { startFakeZalo, type FakeZalo } from './fake-zalo.js';
import { realSnapshot } from './knowledge.js';
import { tempDir } from './tmp.js';

export interface DispatchRig {
  tg: FakeTelegram;
  zalo: FakeZalo;
  telegram: TelegramChannel;
  zaloChannel: ZaloChannel;
  store: Store;
  dispatcher: Dispatcher;
  logs: LogCapture;
  /** The simulated time (epoch ms). */
  now(): number;
  /** Moves the simulated clock forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function startDispatchRig(opts: Partial<Pick<DispatcherDeps, 'retry' | 'sendTimeoutMs' | 'tickMs'>> & { telegramSendTimeoutMs?: number } = {}): Promise<DispatchRig> {
  let t = Date.now();
  const now = () => t;
  const tmp = tempDir('congdoan-dispatch-');
  const store = await openSqliteStore({ dataDir: tmp.dir, now });
  const { stream, logs } = captureLogs();
  const logger = createLogger({ level: 'debug', destination: stream });
  const [tg, zalo, snap] = await Promise.all([startFakeTelegram(), startFakeZalo(), realSnapshot()]);
  let dispatcher: Dispatcher | undefined;
  const onInbound = async (m: Parameters<DispatcherDeps['store']['saveInbound']>[0]) => {
    const { duplicate } = await store.saveInbound(m);
    if (!duplicate) dispatcher?.kick();
  };
  const telegram = createTelegramChannel({
    config: { token: tg.token, apiRoot: tg.url },
    logger,
    onInbound,
    now,
    throttle: false,
    sendTimeoutMs: opts.telegramSendTimeoutMs ?? 2000,
  });
  const zaloChannel = createZaloChannel({ config: { token: zalo.token, apiRoot: zalo.url }, logger, onInbound, now, client: { retries: 0, backoffMs: 1, timeoutMs: 2000 } });
  dispatcher = createDispatcher({
    store,
    snapshot: () => snap,
    senders: { telegram: telegram.sender, zalo: zaloChannel.sender },
    renderers: { telegram: telegramRenderer, zalo: zaloRenderer },
    logger,
    now,
    tickMs: opts.tickMs ?? 60_000,
    ...(opts.retry ? { retry: opts.retry } : {}),
    ...(opts.sendTimeoutMs ? { sendTimeoutMs: opts.sendTimeoutMs } : {}),
  });
  const d = dispatcher;
  return {
    tg,
    zalo,
    telegram,
    zaloChannel,
    store,
    dispatcher: d,
    logs,
    now,
    advance: (ms) => {
      t += ms;
    },
    async close() {
      await d.stop();
      await store.close();
      await Promise.all([tg.close(), zalo.close()]);
      tmp.cleanup();
    },
  };
}
