import { Hono, type Context } from 'hono';
import type { Snapshot } from './answer/answer.js';
import type { ChannelHealth } from './channels/supervisor.js';
import { readWebhook } from './http/webhook.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { Store } from './store/types.js';

/** A webhook endpoint: its secret header and what to do with a verified JSON body. */
export interface WebhookRoute {
  path: string;
  header: string;
  secret: string;
  /** Stores the update; false when it is not a valid update (400). */
  receive(json: unknown): Promise<boolean>;
}

export interface ServerDeps {
  store: Store;
  snapshot: () => Snapshot;
  /** False while the first snapshot is still building (webhooks are acknowledged meanwhile; answers wait). */
  knowledgeReady?: () => boolean;
  /** Each channel's mode and whether it started (and if not, why and when it is tried again). */
  channels: () => Record<string, ChannelHealth>;
  webhooks: WebhookRoute[];
  logger: Logger;
  /** Counts webhook acknowledgements and their latency. */
  metrics?: Pick<Metrics, 'webhook'>;
  /** Extra routes (the admin area) mounted on the same app. */
  mount?: (app: Hono) => void;
}

/**
 * Node's HTTP server timeouts, suited to webhooks (Node's defaults: 60 s for headers, 300 s per request):
 * a slow or stalled client is cut off within seconds; keep-alive stays above nginx's 60 s upstream idle.
 */
export const HTTP_SERVER_OPTIONS = { headersTimeout: 5_000, requestTimeout: 10_000, keepAliveTimeout: 65_000, connectionsCheckingInterval: 1_000 } as const;

/** The HTTP app: health, webhooks and whatever is mounted (no listening here). */
export function createServer(deps: ServerDeps): Hono {
  const app = new Hono();

  app.get('/healthz', async (c) => {
    const { kb, index } = deps.snapshot();
    const database = await deps.store.ping().catch(() => false);
    const ready = deps.knowledgeReady?.() ?? true;
    const outbox = database ? await deps.store.outboxHealth().catch(() => undefined) : undefined;
    const channels = deps.channels();
    // A channel that could not start degrades the bot, but the answer stays 200: this process still serves the
    // other channel (503 is for a replica that cannot reach its database, which a load balancer should skip).
    const channelDown = Object.values(channels).some((c) => c.state === 'retrying');
    const body = {
      status: !database || channelDown ? 'degraded' : ready ? 'ok' : 'starting',
      knowledge: { ready, files: kb.docs.length, passages: index.size, problems: kb.problems.length },
      channels,
      database: database ? 'ok' : 'error',
      // Replies waiting to be sent, and replies given up (listed on the admin page).
      ...(outbox ? { outbox } : {}),
    };
    return c.json(body, database ? 200 : 503);
  });

  for (const hook of deps.webhooks) {
    const route = hook.path.split('/').pop() ?? hook.path;
    const handle = async (c: Context): Promise<Response> => {
      const read = await readWebhook(c, hook.header, hook.secret);
      if (!read.ok) {
        deps.logger.warn({ path: hook.path, status: read.status }, `webhook rejected: ${read.error}`);
        // `connection: close` after a 413: the unread rest of the body is dropped with the connection.
        return c.json({ error: read.error }, read.status, read.status === 413 ? { connection: 'close' } : {});
      }
      if (!(await hook.receive(read.json))) {
        deps.logger.warn({ path: hook.path, status: 400 }, 'webhook rejected: not a valid update');
        return c.json({ error: 'invalid update' }, 400);
      }
      return c.json({ ok: true });
    };
    app.post(hook.path, async (c) => {
      const started = performance.now();
      const res = await handle(c);
      deps.metrics?.webhook(route, res.status, (performance.now() - started) / 1000);
      return res;
    });
  }

  deps.mount?.(app);
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((err, c) => {
    deps.logger.error({ err, path: c.req.path }, 'request failed');
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
