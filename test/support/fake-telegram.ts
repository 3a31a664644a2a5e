/**
 * A fake Telegram Bot API on loopback, speaking the real wire format:
 * `POST /bot<token>/<method>` with a JSON (or form) body, answered with `{ ok, result }` or
 * `{ ok: false, error_code, description, parameters? }`. It records every call.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TelegramCall {
  method: string;
  body: Record<string, unknown>;
}

/** 500 and 429 are passing failures; 400/403 are permanent (`chat not found`, `bot was blocked`); `hang` never answers. */
type Failure = { status: 500 } | { status: 429; retryAfter: number } | { status: 400 | 403; description: string } | { status: 'hang' };

export interface FakeTelegram {
  url: string;
  token: string;
  calls: TelegramCall[];
  /** Calls of one method, e.g. every `sendMessage`. */
  sent(method?: string): TelegramCall[];
  /** Queues an update for `getUpdates` (polling). `update_id` is assigned when missing. */
  queueUpdate(update: Record<string, unknown>): number;
  /** Makes the next `times` calls of `method` fail (after letting `after` calls through), or a share of all its calls (`rate` 0..1). */
  fail(method: string, failure: Failure, opts?: { times?: number; rate?: number; after?: number }): void;
  /** Ends every injected failure of `method` (or of all methods); held (hung) calls are answered normally. */
  recover(method?: string): void;
  webhook(): { url?: string | undefined; secret?: string | undefined };
  waitFor<T>(check: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export const BOT_INFO = {
  id: 7000001,
  is_bot: true,
  first_name: 'Hỏi Công đoàn',
  username: 'hoi_cong_doan_bot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
};

/** Reads a Bot API request body: JSON, or a form as grammY may send. */
export async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return {};
  if ((req.headers['content-type'] ?? '').includes('json')) return JSON.parse(raw) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(raw));
}

/** A sample private text message update, as Telegram sends it. */
export function textUpdate(updateId: number, chatId: number, text: string): Record<string, unknown> {
  const from = { id: chatId, is_bot: false, first_name: 'Công nhân', last_name: `${chatId}` };
  return { update_id: updateId, message: { message_id: updateId, date: 1_700_000_000, chat: { id: chatId, type: 'private', first_name: 'Công nhân' }, from, text } };
}

/** A sample callback-button update. */
export function callbackUpdate(updateId: number, chatId: number, data: string): Record<string, unknown> {
  const from = { id: chatId, is_bot: false, first_name: 'Công nhân' };
  return {
    update_id: updateId,
    callback_query: { id: `cb${updateId}`, from, chat_instance: '1', data, message: { message_id: 1, date: 1_700_000_000, chat: { id: chatId, type: 'private' }, text: 'x' } },
  };
}

export async function startFakeTelegram(token = '123456:TEST-token_abcdefghij'): Promise<FakeTelegram> {
  const calls: TelegramCall[] = [];
  const updates: Record<string, unknown>[] = [];
  const failures = new Map<string, { failure: Failure; times: number; rate: number; after: number }>();
  let hook: { url?: string | undefined; secret?: string | undefined } = {};
  let nextUpdateId = 1000;
  let nextMessageId = 1;
  const waiters = new Set<() => void>();
  const held = new Set<() => void>();

  const server = createServer(async (req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    if (!m) return reply(404, { ok: false, error_code: 404, description: 'Not Found' });
    if (m[1] !== token) return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = m[2] ?? '';
    const body = await readBody(req);
    calls.push({ method, body });
    const f = failures.get(method);
    if (f && f.after > 0) f.after -= 1;
    else if (f && (f.times > 0 || Math.random() < f.rate)) {
      if (f.times > 0) f.times -= 1;
      if (f.failure.status === 'hang') {
        await new Promise<void>((r) => held.add(r));
        if (res.destroyed) return;
      } else if (f.failure.status === 400 || f.failure.status === 403)
        return reply(f.failure.status, { ok: false, error_code: f.failure.status, description: f.failure.description });
      else if (f.failure.status === 429)
        return reply(429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${f.failure.retryAfter}`, parameters: { retry_after: f.failure.retryAfter } });
      else return reply(500, { ok: false, error_code: 500, description: 'Internal Server Error' });
    }
    switch (method) {
      case 'getMe':
        return reply(200, { ok: true, result: BOT_INFO });
      case 'setWebhook':
        hook = { url: String(body.url), secret: body.secret_token === undefined ? undefined : String(body.secret_token) };
        return reply(200, { ok: true, result: true, description: 'Webhook was set' });
      case 'deleteWebhook':
        hook = {};
        return reply(200, { ok: true, result: true, description: 'Webhook was deleted' });
      case 'getWebhookInfo':
        return reply(200, { ok: true, result: { url: hook.url ?? '', has_custom_certificate: false, pending_update_count: 0 } });
      case 'getUpdates': {
        if (hook.url) return reply(409, { ok: false, error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active" });
        const offset = Number(body.offset ?? 0);
        const waitMs = Math.min(Number(body.timeout ?? 0), 1) * 1000;
        const pick = () => updates.filter((u) => Number(u.update_id) >= offset);
        if (pick().length === 0 && waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
        return reply(200, { ok: true, result: pick() });
      }
      case 'sendMessage':
        wake();
        return reply(200, {
          ok: true,
          result: { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(body.chat_id), type: 'private' }, text: body.text },
        });
      default:
        wake();
        return reply(200, { ok: true, result: true });
    }
  });
  const wake = () => {
    for (const w of waiters) w();
  };
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    token,
    calls,
    sent: (method = 'sendMessage') => calls.filter((c) => c.method === method),
    queueUpdate(update) {
      const id = typeof update.update_id === 'number' ? update.update_id : nextUpdateId++;
      updates.push({ ...update, update_id: id });
      return id;
    },
    fail(method, failure, opts = {}) {
      failures.set(method, { failure, times: opts.times ?? 0, rate: opts.rate ?? 0, after: opts.after ?? 0 });
    },
    recover(method) {
      if (method) failures.delete(method);
      else failures.clear();
      for (const r of held) r();
      held.clear();
    },
    webhook: () => hook,
    async waitFor(check, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const v = check();
        if (v !== undefined && v !== false) return v;
        if (Date.now() > deadline) throw new Error('fake telegram: timed out waiting');
        await new Promise<void>((r) => {
          const done = () => {
            waiters.delete(done);
            clearTimeout(t);
            r();
          };
          const t = setTimeout(done, 25);
          waiters.add(done);
        });
      }
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        for (const h of held) h();
        server.close(() => r());
      }),
  };
}
