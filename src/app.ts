import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { buildSnapshotData, openSnapshot } from './answer/snapshot.js';
import { createTelegramChannel, TELEGRAM_STOP_TIMEOUT_MS, TELEGRAM_WEBHOOK_PATH } from './channels/telegram/channel.js';
import { telegramRenderer } from './channels/telegram/render.js';
import { createChannelSupervisor, type ChannelHealth, type ChannelSupervisor, type StartBackoff } from './channels/supervisor.js';
import type { ChannelRuntime, ChannelSender } from './channels/types.js';
import { createZaloChannel, ZALO_WEBHOOK_PATH } from './channels/zalo/channel.js';
import { zaloRenderer } from './channels/zalo/render.js';
import type { Config } from './config.js';
import { createAnswerThread } from './inbox/answer-thread.js';
import { createDispatcher, type ClaimLeases, type RetryPolicy } from './inbox/dispatcher.js';
import { decide } from './inbox/respond.js';
import { createSnapshotBuilder } from './indexing/builder.js';
import { createKnowledgeHolder } from './indexing/holder.js';
import { createReloader } from './indexing/reloader.js';
import { createAdminActions } from './admin/actions.js';
import { createKnowledgeFiles } from './admin/knowledge-files.js';
import { createLearner } from './admin/learning.js';
import { mountAdmin } from './admin/routes.js';
import { createDeclineNotifier, createTelegramAdminCommands } from './admin/telegram-commands.js';
import { ensureAdminToken } from './admin/token.js';
import type { Logger } from './logger.js';
import { createMetrics, serveMetrics } from './metrics.js';
import { HTTP_SERVER_OPTIONS, createServer, type WebhookRoute } from './server.js';
import { openStore } from './store/open.js';
import type { Channel, InboundInput, Store } from './store/types.js';
import { workerEntry } from './threads/spawn.js';

export interface AppOptions {
  logger: Logger;
  /** Test knobs: faster retries, no Telegram throttling. */
  retry?: Partial<RetryPolicy>;
  throttle?: boolean;
  tickMs?: number;
  zaloClient?: { retries?: number; backoffMs?: number; timeoutMs?: number };
  /** Claim leases of the dispatcher (default DEFAULT_LEASES). */
  leases?: ClaimLeases;
  /** PostgreSQL: how often a replica that does not poll tries to take over polling (default 5 s). */
  leaderRetryMs?: number;
  /** Test knobs: each index build waits this long before handing its snapshot over; the index version of the cache. */
  indexDelayMs?: number;
  indexVersion?: number;
  /** Waits between attempts to start a channel that failed to start (default 1 s doubling to 5 min). */
  channelStartBackoff?: StartBackoff;
  /** Test knobs of the answer thread: every decision there takes this long; its wait before answering here. */
  answerDelayMs?: number;
  answerTimeoutMs?: number;
}

/** startApp waits this long at most for a channel's first start attempt; it goes on in the background. */
const FIRST_START_WAIT_MS = 5_000;

/** The worker entries, next to this file (`src/….ts`, or `dist/….js` when compiled). */
const INDEX_WORKER_URL = workerEntry('index-worker', import.meta.url);
const ANSWER_WORKER_URL = workerEntry('answer-worker', import.meta.url);

export interface App {
  url: string;
  port: number;
  store: Store;
  /** Resolves once the first snapshot of the knowledge is answering (the server is up before that). */
  ready: Promise<void>;
  /** The metrics port when METRICS_PORT is set. */
  metricsPort?: number | undefined;
  /** Stops taking requests, finishes the work in flight, closes the database. */
  close(): Promise<void>;
}

/** How often expired conversation states are deleted. */
const CONVERSATION_PRUNE_MS = 60 * 60_000;

/** Starts the whole bot: knowledge, storage, channels, dispatcher and HTTP server. */
export async function startApp(config: Config, opts: AppOptions): Promise<App> {
  const { logger } = opts;

  // Metrics: the outbox gauges read the store at scrape time (it is opened in step 2).
  let storeForMetrics: Store | undefined;
  const metrics = createMetrics({ outboxBacklog: async () => (storeForMetrics ? storeForMetrics.outboxBacklog() : { pending: 0, oldestCreatedAt: null }) });

  // 1. Knowledge and index: built (or loaded from the cache) in a worker thread while everything else starts.
  //    Until it is ready the server acknowledges webhooks and stores messages; answering waits for it.
  //    Questions are answered in a thread of their own, fed by each build (the main thread answers when it cannot).
  const holder = createKnowledgeHolder(openSnapshot(buildSnapshotData([])));
  let restartReload = () => {};
  const answerThread = createAnswerThread({
    workerUrl: ANSWER_WORKER_URL,
    local: (m, now, o) => decide(holder.get(), m, now, o),
    logger,
    decideDelayMs: opts.answerDelayMs,
    timeoutMs: opts.answerTimeoutMs,
    onRestart: () => restartReload(),
    onDecided: (where) => metrics.decided(where),
  });
  const builder = createSnapshotBuilder({
    answerFeed: answerThread.feed,
    knowledgeDir: config.knowledgeDir,
    maxFileBytes: config.knowledgeFileMaxBytes,
    dataDir: config.dataDir,
    workerUrl: INDEX_WORKER_URL,
    delayMs: opts.indexDelayMs,
    indexVersion: opts.indexVersion,
  });
  const reloader = createReloader({ dir: config.knowledgeDir, holder, builder, logger, onReload: metrics.reload });
  restartReload = () => void reloader.reload().catch(() => {});
  reloader.watch(); // from now on: an edit during the first build causes one more build after it
  void reloader.reload().catch(() => {});

  // 2. Storage: SQLite for one process, PostgreSQL (DATABASE_URL) for several replicas.
  const storage = await openStore(config, { logger, leaderRetryMs: opts.leaderRetryMs }).catch(async (err: unknown) => {
    reloader.close();
    await builder.close();
    await answerThread.close();
    throw err;
  });
  const { store } = storage;
  storeForMetrics = store;
  logger.info({ storage: storage.kind }, 'storage opened');
  if (storage.kind === 'postgres' && !config.adminToken)
    logger.warn('ADMIN_TOKEN is not set: with several replicas, set the same ADMIN_TOKEN on each, or an admin signed in on one is signed out on the others');

  // 3. Channels: each stores what it receives, then wakes the dispatcher.
  let kick = () => {};
  const onInbound = async (m: InboundInput) => {
    const { duplicate } = await store.saveInbound(m);
    if (duplicate) logger.info({ channel: m.channel, deliveryKey: m.deliveryKey }, 'duplicate delivery ignored');
    else kick();
  };
  const channels: ChannelRuntime[] = [];
  const webhooks: WebhookRoute[] = [];
  if (config.telegram) {
    // A held long poll is let go within half the shutdown bound, leaving the rest for the work in flight.
    const stopTimeoutMs = Math.min(TELEGRAM_STOP_TIMEOUT_MS, config.shutdownTimeoutMs / 2);
    const tg = createTelegramChannel({ config: config.telegram, publicUrl: config.publicUrl, logger, onInbound, throttle: opts.throttle, stopTimeoutMs });
    channels.push(tg);
    if (tg.mode === 'webhook' && config.telegram.webhookSecret)
      webhooks.push({ path: TELEGRAM_WEBHOOK_PATH, header: 'x-telegram-bot-api-secret-token', secret: config.telegram.webhookSecret, receive: tg.receive });
  } else logger.info({ channel: 'telegram' }, 'telegram off: TELEGRAM_BOT_TOKEN is not set');
  if (config.zalo) {
    const zalo = createZaloChannel({ config: config.zalo, publicUrl: config.publicUrl, logger, onInbound, client: opts.zaloClient });
    channels.push(zalo);
    if (zalo.mode === 'webhook' && config.zalo.webhookSecret)
      webhooks.push({ path: ZALO_WEBHOOK_PATH, header: 'x-bot-api-secret-token', secret: config.zalo.webhookSecret, receive: zalo.receive });
  } else logger.info({ channel: 'zalo' }, 'zalo off: ZALO_BOT_TOKEN is not set');

  // 4. Admin actions, knowledge reload, and the dispatcher that answers stored messages and delivers replies.
  const files = createKnowledgeFiles({ knowledgeDir: config.knowledgeDir, dataDir: config.dataDir });
  const actions = createAdminActions({ store, files, reloader, snapshot: holder.get, kick: () => kick(), publish: storage.knowledge.publish });
  const notify = createDeclineNotifier({ store, kick: () => kick() });
  const admins = new Set(config.adminTelegramIds.map(String));
  const senders: Partial<Record<Channel, ChannelSender>> = Object.fromEntries(channels.map((c) => [c.name, c.sender]));
  const dispatcher = createDispatcher({
    store: metrics.observeStore(store),
    snapshot: holder.get,
    decide: answerThread.decide,
    senders: metrics.observeSenders(senders),
    renderers: { telegram: telegramRenderer, zalo: zaloRenderer },
    logger,
    retry: { deadlineMs: config.sendDeadlineMs, ...opts.retry },
    tickMs: opts.tickMs,
    leases: opts.leases,
    conversationTtlMs: config.conversationTtlMs,
    isAdmin: (m) => m.channel === 'telegram' && admins.has(m.userId),
    runAdminCommand: createTelegramAdminCommands({ store, actions }),
    onChosen: createLearner({ store, logger }),
    onReview: (item) => void notify(item).catch((err: unknown) => logger.error({ err }, 'admin notice failed')),
  });
  const admin = await ensureAdminToken(config.dataDir, config.adminToken);

  // Each channel is started, and started again after a failure, by its supervisor; polling ones wait for the lead.
  const secrets = [config.telegram?.token, config.telegram?.webhookSecret, config.zalo?.token, config.zalo?.webhookSecret].filter((s): s is string => Boolean(s));
  const supervisors: ChannelSupervisor[] = channels.map((channel) =>
    createChannelSupervisor({ channel, logger, secrets, backoff: opts.channelStartBackoff, initial: channel.mode === 'polling' ? 'standby' : 'starting' }),
  );
  const channelHealth = (): Record<string, ChannelHealth> => {
    const off: ChannelHealth = { mode: 'off' };
    const of = (name: Channel) => supervisors.find((s) => s.name === name)?.health() ?? off;
    return { telegram: of('telegram'), zalo: of('zalo') };
  };

  // 5. HTTP server.
  const modes = { telegram: channels.find((c) => c.name === 'telegram')?.mode ?? 'off', zalo: channels.find((c) => c.name === 'zalo')?.mode ?? 'off' } as const;
  const app = createServer({
    store,
    snapshot: holder.get,
    knowledgeReady: holder.isReady,
    channels: channelHealth,
    webhooks,
    logger,
    metrics,
    mount: (a) => mountAdmin(a, { token: admin.token, store, actions, snapshot: holder.get, logger, secureCookies: config.publicUrl?.startsWith('https://') ?? false, kick: () => kick(), sendDeadlineHours: config.sendDeadlineMs / 3_600_000, files, timeZone: config.timeZone, trustProxy: config.trustProxy }),
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host, serverOptions: HTTP_SERVER_OPTIONS }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, channels: modes }, 'server listening');
  const metricsServer = config.metricsPort === undefined ? undefined : await serveMetrics(metrics, config.metricsPort, config.metricsHost);
  if (metricsServer) logger.info({ port: metricsServer.port, host: config.metricsHost }, 'metrics at /metrics');
  const adminUrl = `${config.publicUrl ?? `http://localhost:${port}`}/admin`;
  logger.info({ adminUrl, token: admin.file ? `in ${admin.file}` : 'ADMIN_TOKEN' }, admin.generated ? 'admin page ready; a new admin token was generated' : 'admin page ready');
  // Knowledge saved on another replica: written to this folder now and whenever it changes, then reloaded.
  await storage.knowledge.start(() => reloader.reload(), files.lock);

  // 6. Start the channels, and, once the knowledge is ready, answer what came in meanwhile and anything left
  //    from before a restart. Webhooks run on every replica; polling on one only (the polling leader: always
  //    this process with SQLite).
  let closing = false;
  void holder.ready.then(() => {
    if (closing) return;
    kick = dispatcher.kick;
    dispatcher.start();
  });
  // Conversation states past their expiry are never read; delete them now and then (one row per chat).
  const pruneConversations = () => void store.pruneConversations(Date.now()).catch((err: unknown) => logger.warn({ err }, 'pruning conversation states failed'));
  const pruner = setInterval(pruneConversations, CONVERSATION_PRUNE_MS);
  pruner.unref();
  // A first attempt that hangs (an unreachable API) does not hold up the start: it goes on in the background.
  const startChannel = async (s: ChannelSupervisor) => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([s.start(), new Promise<void>((r) => (timer = setTimeout(r, FIRST_START_WAIT_MS)))]).finally(() => clearTimeout(timer));
  };
  const pollers = supervisors.filter((s) => s.mode === 'polling');
  await Promise.all(supervisors.filter((s) => s.mode !== 'polling').map(startChannel));
  if (pollers.length > 0) {
    await storage.polling.start({
      lead: async () => {
        await Promise.all(pollers.map(startChannel));
      },
      yieldLead: async () => {
        for (const s of pollers) await s.stop('standby');
      },
    });
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    store,
    ready: holder.ready,
    metricsPort: metricsServer?.port,
    async close() {
      closing = true;
      reloader.close();
      await builder.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await metricsServer?.close();
      await storage.knowledge.close();
      await storage.polling.close();
      for (const s of supervisors) await s.stop();
      clearInterval(pruner);
      await dispatcher.stop();
      await answerThread.close();
      await store.close();
    },
  };
}
