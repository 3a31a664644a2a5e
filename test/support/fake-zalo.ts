/**
 * A fake Zalo Bot Platform API for tests (loopback only, node:http, no dependencies).
 *
 * Usage:
 *   const zalo = await startFakeZalo();            // token: FAKE_ZALO_TOKEN
 *   const client = createZaloClient({ token: zalo.token, apiRoot: zalo.url, backoffMs: 1 });
 *   zalo.queueUpdate(zaloTextUpdate('Xin chào'));  // served by the next getUpdates
 *   zalo.failNext('sendMessage', 'http-500');      // the next sendMessage gets HTTP 500
 *   await zalo.waitFor((calls) => calls.some((c) => c.method === 'sendMessage'));
 *   await zalo.close();
 *
 * Wire format, as on the real API: every call is `POST /bot<token>/<method>` with a JSON body; answers are
 * HTTP 200 + `{ ok: true, result }`, and API errors are HTTP 200 + `{ ok: false, error_code, description }`
 * (the real API answered HTTP 200 for a bad token). A wrong token gets `401 Unauthorized`; an unknown method
 * gets `400`; `getUpdates` while a webhook is set gets `409`; an idle long poll gets `408 Request timeout`.
 * Only the failures injected with `failNext` use other HTTP statuses.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Token the fake accepts unless another is given. */
export const FAKE_ZALO_TOKEN = '1234567890:fake-zalo-token';

/** One request the fake received (wrong-token calls included, with `authorized: false`). */
export interface FakeZaloCall {
  method: string;
  /** The parsed JSON body (`{}` when empty; the raw text when it is not JSON). */
  body: unknown;
  authorized: boolean;
}

/**
 * An injected failure:
 * - `ok-false`: HTTP 200 + `{ ok: false, error_code, description }` (default 400 "Bad request");
 * - `http-500`: HTTP 500 with an HTML body (not JSON);
 * - `http-429`: HTTP 429 + `{ ok: false, error_code: 429, description: 'Quota exceeded' }`;
 * - `drop-connection`: the socket is destroyed without an answer;
 * - `hang`: no answer at all until the client gives up or the fake is closed.
 */
export type FakeZaloFailureKind = 'ok-false' | 'http-500' | 'http-429' | 'drop-connection' | 'hang';

/** Extra settings of an injected failure. */
export interface FakeZaloFailureOptions {
  /** `error_code` for `ok-false` (default 400). */
  errorCode?: number;
  /** `description` for `ok-false` / `http-429`. */
  description?: string;
  /** Adds a `Retry-After: <seconds>` header (for `http-429` / `http-500` / `ok-false`). */
  retryAfterSeconds?: number;
}

/** The webhook registered with setWebhook. */
export interface FakeZaloWebhook {
  url: string;
  secretToken: string;
  updatedAt: number;
}

/** Options of startFakeZalo. */
export interface FakeZaloOptions {
  /** The bot token to accept (default FAKE_ZALO_TOKEN). */
  token?: string;
  /** Longest time a getUpdates call is held before answering 408, whatever its `timeout` (default 500 ms). */
  maxPollMs?: number;
}

/** A running fake Zalo API. */
export interface FakeZalo {
  /** API root to pass as `apiRoot`, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The accepted token. */
  token: string;
  /** The bot id returned by getMe (the token's numeric prefix). */
  botId: string;
  /** Every call received, in order (live array). */
  calls: FakeZaloCall[];
  /** The current webhook, if one is set. */
  readonly webhook: FakeZaloWebhook | undefined;
  /** Queues a raw update (sent as `result` as-is, so malformed ones work too) for the next getUpdates. */
  queueUpdate(update: unknown): void;
  /** Makes the next `times` (default 1) calls of `method` (or `'*'` for any method) fail as `kind`. */
  failNext(method: string, kind: FakeZaloFailureKind, times?: number, options?: FakeZaloFailureOptions): void;
  /** Drops the failures still queued for `method` (or for every method): the API works again. */
  clearFailures(method?: string): void;
  /** Resolves with a copy of the calls once `predicate(calls)` holds; rejects after `timeoutMs` (default 2000). */
  waitFor(predicate: (calls: readonly FakeZaloCall[]) => boolean, timeoutMs?: number): Promise<FakeZaloCall[]>;
  /** Stops the server, dropping held requests. */
  close(): Promise<void>;
}

/** Options of zaloTextUpdate / zaloUpdate. */
export interface FakeUpdateOptions {
  eventName?: string;
  chatId?: string;
  userId?: string;
  userName?: string;
  messageId?: string;
  date?: number;
  chatType?: 'PRIVATE' | 'GROUP';
  /** Extra fields merged into `message` (e.g. `photo_url`, `caption`, `sticker`). */
  extra?: Record<string, unknown>;
}

const DEFAULT_USER_ID = '6ede9afa66b88fe6d6a9';
const TEXT_LIMIT = 2000;
const MAX_BODY_BYTES = 1024 * 1024;

/** Builds a flat wire update (`{ event_name, message }`) as Zalo delivers it. */
export function zaloUpdate(options: FakeUpdateOptions & { text?: string } = {}): Record<string, unknown> {
  const userId = options.userId ?? DEFAULT_USER_ID;
  return {
    event_name: options.eventName ?? 'message.text.received',
    message: {
      from: { id: userId, display_name: options.userName ?? 'Ted', is_bot: false },
      chat: { id: options.chatId ?? userId, chat_type: options.chatType ?? 'PRIVATE' },
      ...(options.text === undefined ? {} : { text: options.text }),
      message_id: options.messageId ?? randomBytes(10).toString('hex'),
      date: options.date ?? Date.now(),
      ...options.extra,
    },
  };
}

/** Builds a flat `message.text.received` wire update. */
export function zaloTextUpdate(text: string, options: FakeUpdateOptions = {}): Record<string, unknown> {
  return zaloUpdate({ ...options, text, eventName: 'message.text.received' });
}

interface Failure {
  kind: FakeZaloFailureKind;
  options: FakeZaloFailureOptions;
}

interface Reply {
  status: number;
  body: unknown;
}

interface Poller {
  res: ServerResponse;
  timer: NodeJS.Timeout;
}

/** Starts a fake Zalo Bot API on 127.0.0.1 (random port). */
export async function startFakeZalo(opts: FakeZaloOptions = {}): Promise<FakeZalo> {
  const token = opts.token ?? FAKE_ZALO_TOKEN;
  const botId = /^\d+/.exec(token)?.[0] ?? '1459232241454765289';
  const maxPollMs = opts.maxPollMs ?? 500;
  const calls: FakeZaloCall[] = [];
  const updates: unknown[] = [];
  const pollers: Poller[] = [];
  const failures = new Map<string, Failure[]>();
  const waiters = new Set<() => void>();
  let webhook: FakeZaloWebhook | undefined;

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, { status: 500, body: { ok: false, error_code: 500, description: 'fake-zalo crashed' } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/([^/?]+)$/.exec(new URL(req.url ?? '/', 'http://fake').pathname);
    const raw = await readBody(req);
    if (!match || req.method !== 'POST') {
      send(res, { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } });
      return;
    }
    const method = match[2] ?? '';
    const authorized = match[1] === token;
    const body = parseJson(raw);
    calls.push({ method, body, authorized });
    for (const waiter of [...waiters]) waiter();

    if (!authorized) return send(res, apiError(401, 'Unauthorized'));
    const failure = takeFailure(method);
    if (failure) return fail(req, res, failure);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return send(res, apiError(400, 'Bad request: body must be a JSON object'));
    }
    if (method === 'getUpdates') return poll(res, readField(body, 'timeout'));
    send(res, route(method, body));
  }

  /** Answers the non-polling methods. */
  function route(method: string, body: object): Reply {
    switch (method) {
      case 'getMe':
        return ok({ id: botId, account_name: 'bot.fake', account_type: 'BASIC', can_join_groups: false });
      case 'sendMessage': {
        const problem = requireString(body, 'chat_id') ?? requireText(body, 'text', true);
        return problem ? apiError(400, problem) : ok(messageResult());
      }
      case 'sendPhoto': {
        const problem = requireString(body, 'chat_id') ?? requireString(body, 'photo') ?? requireText(body, 'caption', false);
        return problem ? apiError(400, problem) : ok(messageResult());
      }
      case 'sendChatAction': {
        const problem = requireString(body, 'chat_id');
        const action = readField(body, 'action');
        if (problem) return apiError(400, problem);
        if (action !== 'typing' && action !== 'upload_photo') return apiError(400, 'Bad request: invalid action');
        return { status: 200, body: { ok: true } };
      }
      case 'setWebhook':
        return setWebhook(body);
      case 'deleteWebhook': {
        webhook = undefined;
        return ok({ url: '', updated_at: Date.now() });
      }
      case 'getWebhookInfo':
        return ok(webhook ? { url: webhook.url, updated_at: webhook.updatedAt } : { url: '' });
      default:
        return apiError(400, 'Bad request: invalid API name');
    }
  }

  /** Validates and stores a webhook (http: is allowed so tests can point it at loopback). */
  function setWebhook(body: object): Reply {
    const url = readField(body, 'url');
    const secret = readField(body, 'secret_token');
    if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url)) return apiError(400, 'Bad request: url must be an http(s) URL');
    if (typeof secret !== 'string' || secret.length < 8 || secret.length > 256) {
      return apiError(400, 'Bad request: secret_token must be 8-256 characters');
    }
    webhook = { url, secretToken: secret, updatedAt: Date.now() };
    return ok({ url, updated_at: webhook.updatedAt });
  }

  /** Serves a queued update now, or holds the request until one is queued or the hold time ends. */
  function poll(res: ServerResponse, timeout: unknown): void {
    if (webhook) return send(res, apiError(409, 'Conflict: a webhook is set; call deleteWebhook before getUpdates'));
    if (updates.length > 0) return send(res, ok(updates.shift()));
    const seconds = Number(timeout ?? 30);
    const holdMs = Math.min(Number.isFinite(seconds) ? Math.max(0, seconds) * 1000 : 0, maxPollMs);
    if (holdMs === 0) return send(res, apiError(408, 'Request timeout'));
    const poller: Poller = {
      res,
      timer: setTimeout(() => {
        removePoller(poller);
        send(res, apiError(408, 'Request timeout'));
      }, holdMs),
    };
    pollers.push(poller);
    res.on('close', () => removePoller(poller));
  }

  function removePoller(poller: Poller): void {
    clearTimeout(poller.timer);
    const index = pollers.indexOf(poller);
    if (index >= 0) pollers.splice(index, 1);
  }

  function takeFailure(method: string): Failure | undefined {
    for (const key of [method, '*']) {
      const queue = failures.get(key);
      const failure = queue?.shift();
      if (queue && queue.length === 0) failures.delete(key);
      if (failure) return failure;
    }
    return undefined;
  }

  function fail(req: IncomingMessage, res: ServerResponse, { kind, options }: Failure): void {
    const headers: Record<string, string> =
      options.retryAfterSeconds === undefined ? {} : { 'retry-after': String(options.retryAfterSeconds) };
    switch (kind) {
      case 'ok-false':
        return send(res, apiError(options.errorCode ?? 400, options.description ?? 'Bad request'), headers);
      case 'http-429':
        return send(res, { status: 429, body: { ok: false, error_code: 429, description: options.description ?? 'Quota exceeded' } }, headers);
      case 'http-500':
        res.writeHead(500, { 'content-type': 'text/html; charset=utf-8', ...headers });
        res.end('<html><body><h1>500 Internal Server Error</h1></body></html>');
        return;
      case 'drop-connection':
        req.socket.destroy();
        return;
      case 'hang':
        return;
    }
  }

  function messageResult(): { message_id: string; date: number } {
    return { message_id: randomBytes(10).toString('hex'), date: Date.now() };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = addressOf(server.address());

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    botId,
    calls,
    get webhook() {
      return webhook;
    },
    queueUpdate(update) {
      const poller = pollers.shift();
      if (!poller) {
        updates.push(update);
        return;
      }
      clearTimeout(poller.timer);
      send(poller.res, ok(update));
    },
    failNext(method, kind, times = 1, options = {}) {
      const queue = failures.get(method) ?? [];
      for (let i = 0; i < times; i += 1) queue.push({ kind, options });
      failures.set(method, queue);
    },
    clearFailures(method) {
      if (method) failures.delete(method);
      else failures.clear();
    },
    waitFor(predicate, timeoutMs = 2000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          let done: boolean;
          try {
            done = predicate(calls);
          } catch (error) {
            finish();
            reject(error);
            return;
          }
          if (done) {
            finish();
            resolve([...calls]);
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`waitFor: condition not met within ${timeoutMs} ms; calls: [${calls.map((c) => c.method).join(', ')}]`));
        }, timeoutMs);
        const finish = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      for (const poller of pollers.splice(0)) clearTimeout(poller.timer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function ok(result: unknown): Reply {
  return { status: 200, body: { ok: true, result } };
}

function apiError(code: number, description: string): Reply {
  return { status: 200, body: { ok: false, error_code: code, description } };
}

function send(res: ServerResponse, reply: Reply, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(reply.body));
}

function readField(body: object, key: string): unknown {
  return Object.hasOwn(body, key) ? Reflect.get(body, key) : undefined;
}

function requireString(body: object, key: string): string | undefined {
  const value = readField(body, key);
  return typeof value === 'string' && value.length > 0 ? undefined : `Bad request: ${key} is required`;
}

/** Checks a 1–2000 character text field (`required: false` lets it be absent). */
function requireText(body: object, key: string, required: boolean): string | undefined {
  const value = readField(body, key);
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > TEXT_LIMIT) {
    return `Bad request: ${key} must be 1-${TEXT_LIMIT} characters`;
  }
  return undefined;
}

function parseJson(raw: string): unknown {
  if (raw.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(raw);
    return value;
  } catch {
    return raw;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function addressOf(address: string | AddressInfo | null): AddressInfo {
  if (address === null || typeof address === 'string') throw new Error('fake-zalo: server has no TCP address');
  return address;
}
