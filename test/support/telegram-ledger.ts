/**
 * A fake Telegram Bot API that keeps a ledger of every call with the HTTP status it answered, so a test can
 * count the replies that were really delivered (the status 200 ones) per chat. Failures are injected at a
 * fixed rate from a seeded generator, so a run is reproducible:
 *
 *   const tg = await startTelegramLedger({ seed: 7 });
 *   tg.failSends({ rate500: 0.05, rate429: 0.01, retryAfter: 1 });
 *   tg.delivered('501')          // texts delivered to chat 501, in order
 *
 * Same wire format as test/support/fake-telegram.ts (`POST /bot<token>/<method>`, `{ ok, result }` or
 * `{ ok: false, error_code, description, parameters }`). Loopback only.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BOT_INFO, readBody } from './fake-telegram.js';
import { pollFor } from './wait.js';
import { seededRandom } from './random.js';

export interface LedgerCall {
  method: string;
  body: Record<string, unknown>;
  /** The HTTP status the fake answered. */
  status: number;
  at: number;
}

export interface SendFailures {
  /** Share of `sendMessage` calls answered 500. */
  rate500?: number;
  /** Share of `sendMessage` calls answered 429 with `retry_after`. */
  rate429?: number;
  retryAfter?: number;
}

export interface TelegramLedger {
  url: string;
  token: string;
  calls: LedgerCall[];
  failSends(f: SendFailures): void;
  /** Texts of the `sendMessage` calls answered 200 for a chat (all chats when omitted), in order. */
  delivered(chatId?: string): string[];
  /** Number of `sendMessage` calls answered 200, per chat id. */
  deliveredPerChat(): Map<string, number>;
  /** Counts of `sendMessage` answers by status. */
  sendStatuses(): Record<number, number>;
  webhook(): { url?: string | undefined; secret?: string | undefined };
  waitFor<T>(check: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}


export async function startTelegramLedger(opts: { token?: string; seed?: number } = {}): Promise<TelegramLedger> {
  const token = opts.token ?? '123456:LEDGER-token_abcdefghij';
  const random = seededRandom(opts.seed ?? 1);
  const calls: LedgerCall[] = [];
  let failures: Required<SendFailures> = { rate500: 0, rate429: 0, retryAfter: 1 };
  let hook: { url?: string | undefined; secret?: string | undefined } = {};
  let nextMessageId = 1;

  const server = createServer(async (req, res) => {
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    const body: Record<string, unknown> = await readBody(req).catch(() => ({}));
    const method = m?.[2] ?? '';
    const reply = (status: number, payload: unknown) => {
      calls.push({ method, body, status, at: Date.now() });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (!m) return reply(404, { ok: false, error_code: 404, description: 'Not Found' });
    if (m[1] !== token) return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    if (method === 'sendMessage') {
      const r = random();
      if (r < failures.rate500) return reply(500, { ok: false, error_code: 500, description: 'Internal Server Error' });
      if (r < failures.rate500 + failures.rate429)
        return reply(429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${failures.retryAfter}`, parameters: { retry_after: failures.retryAfter } });
      return reply(200, {
        ok: true,
        result: { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(body.chat_id), type: 'private' }, text: body.text },
      });
    }
    switch (method) {
      case 'getMe':
        return reply(200, { ok: true, result: BOT_INFO });
      case 'setWebhook':
        hook = { url: String(body.url), secret: body.secret_token === undefined ? undefined : String(body.secret_token) };
        return reply(200, { ok: true, result: true });
      case 'deleteWebhook':
        hook = {};
        return reply(200, { ok: true, result: true });
      case 'getUpdates':
        return reply(409, { ok: false, error_code: 409, description: 'Conflict: this ledger fake serves webhook mode only' });
      default:
        return reply(200, { ok: true, result: true });
    }
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const okSends = () => calls.filter((c) => c.method === 'sendMessage' && c.status === 200);
  return {
    url,
    token,
    calls,
    failSends(f) {
      failures = { ...failures, ...f };
    },
    delivered: (chatId) => okSends().filter((c) => chatId === undefined || String(c.body.chat_id) === chatId).map((c) => String(c.body.text)),
    deliveredPerChat() {
      const per = new Map<string, number>();
      for (const c of okSends()) per.set(String(c.body.chat_id), (per.get(String(c.body.chat_id)) ?? 0) + 1);
      return per;
    },
    sendStatuses() {
      const out: Record<number, number> = {};
      for (const c of calls) if (c.method === 'sendMessage') out[c.status] = (out[c.status] ?? 0) + 1;
      return out;
    },
    webhook: () => hook,
    waitFor: (check, timeoutMs = 10_000) => pollFor(check, timeoutMs, 'telegram ledger: timed out waiting'),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
