/**
 * Prometheus metrics (prom-client): webhook acknowledgements and their latency, replies by status, sends and
 * send failures by channel, outbox backlog, knowledge reloads, and Node's defaults (event-loop delay
 * percentiles, memory, GC). Served on a separate port (METRICS_PORT, loopback by default): see README, "Metrics".
 */
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ChannelSender } from './channels/types.js';
import type { ReloadEvent } from './indexing/reloader.js';
import type { Channel, Store } from './store/types.js';

export interface Metrics {
  registry: Registry;
  /** A webhook request answered (`route`: the channel's webhook name). */
  webhook(route: string, status: number, seconds: number): void;
  reload(e: ReloadEvent): void;
  /** An answer decided: in the answer thread, or on the main thread (the thread not fed, gone or stuck). */
  decided(where: 'thread' | 'main'): void;
  /** The store with reply outcomes counted (wraps `completeInbound` and `completeInboundWithConversation`). */
  observeStore(store: Store): Store;
  /** The senders with sends and failures counted. */
  observeSenders(senders: Partial<Record<Channel, ChannelSender>>): Partial<Record<Channel, ChannelSender>>;
  /** The text exposition. */
  render(): Promise<string>;
  contentType: string;
}

export function createMetrics(deps: { outboxBacklog: Store['outboxBacklog']; now?: () => number }): Metrics {
  const now = deps.now ?? Date.now;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });

  const acks = new Counter({ name: 'congdoan_webhook_requests_total', help: 'Webhook requests answered, by route and HTTP status.', labelNames: ['route', 'status'], registers: [registry] });
  const ackLatency = new Histogram({
    name: 'congdoan_webhook_ack_seconds',
    help: 'Time from a webhook request reaching the handler to its answer (the update is stored durably first).',
    labelNames: ['route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const replies = new Counter({ name: 'congdoan_replies_total', help: 'Messages handled, by outcome status (answer, suggest, decline, welcome, hint, feedback, admin).', labelNames: ['status'], registers: [registry] });
  const sends = new Counter({ name: 'congdoan_sends_total', help: 'Outgoing messages sent, by channel.', labelNames: ['channel'], registers: [registry] });
  const sendFailures = new Counter({ name: 'congdoan_send_failures_total', help: 'Outgoing sends that failed (each is retried with backoff), by channel.', labelNames: ['channel'], registers: [registry] });
  const decided = new Counter({ name: 'congdoan_answers_decided_total', help: 'Answers decided, by where: thread (the answer thread) or main (the main thread, when the answer thread could not).', labelNames: ['where'], registers: [registry] });
  const reloads = new Counter({ name: 'congdoan_knowledge_reloads_total', help: 'Knowledge loads and reloads, by result (ok, failed) and source (built, cache).', labelNames: ['result', 'source'], registers: [registry] });
  const reloadSeconds = new Histogram({
    name: 'congdoan_knowledge_reload_seconds',
    help: 'Time to build (or load from the cache) and swap in a knowledge snapshot, off the event loop.',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  // Read from the store at scrape time (one small query for both gauges).
  let backlog: Promise<{ pending: number; oldestCreatedAt: number | null }> | undefined;
  const readBacklog = () => (backlog ??= deps.outboxBacklog().finally(() => setImmediate(() => (backlog = undefined))));
  new Gauge({
    name: 'congdoan_outbox_pending',
    help: 'Outgoing messages not sent yet (due or waiting for a retry).',
    registers: [registry],
    async collect() {
      this.set((await readBacklog()).pending);
    },
  });
  new Gauge({
    name: 'congdoan_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest outgoing message not sent yet (0 when none).',
    registers: [registry],
    async collect() {
      const { oldestCreatedAt } = await readBacklog();
      this.set(oldestCreatedAt === null ? 0 : Math.max(0, (now() - oldestCreatedAt) / 1000));
    },
  });

  return {
    registry,
    contentType: registry.contentType,
    webhook(route, status, seconds) {
      acks.inc({ route, status: String(status) });
      ackLatency.observe({ route }, seconds);
    },
    decided(where) {
      decided.inc({ where });
    },
    reload(e) {
      reloads.inc({ result: e.ok ? 'ok' : 'failed', source: e.source ?? 'none' });
      if (e.ok) reloadSeconds.observe(e.ms / 1000);
    },
    observeStore(store) {
      return {
        ...store,
        async completeInbound(id, outcome, outbox, review) {
          const r = await store.completeInbound(id, outcome, outbox, review);
          replies.inc({ status: outcome.status });
          return r;
        },
        async completeInboundWithConversation(id, outcome, outbox, review, conversation) {
          const r = await store.completeInboundWithConversation(id, outcome, outbox, review, conversation);
          replies.inc({ status: outcome.status });
          return r;
        },
      };
    },
    observeSenders(senders) {
      const out: Partial<Record<Channel, ChannelSender>> = {};
      for (const [channel, sender] of Object.entries(senders) as [Channel, ChannelSender][]) {
        out[channel] = {
          async send(row) {
            try {
              await sender.send(row);
              sends.inc({ channel });
            } catch (err) {
              sendFailures.inc({ channel });
              throw err;
            }
          },
          isPermanent: (err) => sender.isPermanent(err),
        };
      }
      return out;
    },
    render: () => registry.metrics(),
  };
}

/** Serves `GET /metrics` on its own port (nothing else there); resolves once listening. */
export async function serveMetrics(metrics: Metrics, port: number, host: string): Promise<{ port: number; close(): Promise<void> }> {
  const server = createHttpServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    metrics.render().then(
      (text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
