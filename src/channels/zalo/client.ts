/**
 * Zalo Bot Platform HTTP client (undici), with the Zalo Bot SDK's method names.
 *
 * Every call is `POST {apiRoot}/bot{token}/{method}` with a JSON body. The API answers HTTP 200 even for
 * errors, so the `{ ok, result, error_code, description }` envelope decides. The token is part of the
 * URL: it is redacted from everything this module throws or reports.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { ChannelNetworkError, ConfigError, ZaloApiError } from '../../errors.js';
import { splitText } from '../split-text.js';
import { parseZaloUpdates } from './events.js';
import type { ZaloUpdateBatch } from './events.js';

/** Zalo's limit for `sendMessage.text` and `sendPhoto.caption`, in UTF-16 code units. */
export const ZALO_TEXT_LIMIT = 2000;

/** Upper bound of the exponential backoff between retries. */
export const MAX_BACKOFF_MS = 8000;

/** A server-requested wait longer than this is not honoured: the call fails instead of blocking. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** `errorCode` of a ZaloApiError raised because the answer could not be understood (not JSON, wrong shape). */
export const MALFORMED_RESPONSE_CODE = 0;

/** Dependencies of createZaloClient. */
export interface ZaloClientDeps {
  /** Bot token (`<id>:<secret>`); it goes into the URL path and never into errors. */
  token: string;
  /** API origin (and optional path prefix), e.g. `https://bot-api.zaloplatforms.com`. */
  apiRoot: string;
  /** Per-request budget (connect + headers + body) in ms; default 10 000. */
  timeoutMs?: number;
  /** Budget for `sendPhoto`, which makes Zalo fetch the image first; default 120 000. */
  photoTimeoutMs?: number;
  /** How many times a failed call is retried (so at most `retries + 1` attempts); default 3. */
  retries?: number;
  /** Base of the exponential backoff in ms; default 500. */
  backoffMs?: number;
  /** undici dispatcher (e.g. an `Agent`); default: undici's global dispatcher. */
  dispatcher?: Dispatcher;
  /** Called before each retry; receives only redacted errors. */
  onRetry?: (info: ZaloRetryInfo) => void;
}

/** What onRetry is told about a failed attempt that will be retried. */
export interface ZaloRetryInfo {
  method: string;
  /** The 1-based number of the attempt that failed. */
  attempt: number;
  error: ZaloApiError | ChannelNetworkError;
  /** How long the client waits before the next attempt. */
  delayMs: number;
}

/** `getMe` result. */
export interface ZaloBotInfo {
  id: string;
  account_name: string;
  account_type?: string | undefined;
  can_join_groups?: boolean | undefined;
}

/** `sendMessage` / `sendPhoto` result; fields are optional because only `ok: true` is certain. */
export interface ZaloMessageResult {
  message_id?: string | undefined;
  date?: number | undefined;
}

/** The probe Zalo runs against a new webhook (newer API versions only). */
export interface ZaloWebhookVerification {
  ok?: boolean | undefined;
  status_code?: number | undefined;
  outcome?: string | undefined;
  latency_ms?: number | undefined;
  hint?: string | undefined;
}

/** `setWebhook` / `deleteWebhook` / `getWebhookInfo` result; `url` is `''` when no webhook is set. */
export interface ZaloWebhookInfo {
  url: string;
  updated_at?: number | undefined;
  verification?: ZaloWebhookVerification | undefined;
}

/** Chat actions Zalo documents (`upload_photo` is announced as "coming soon"). */
export type ZaloChatAction = 'typing' | 'upload_photo';

/** The Zalo Bot API, with the SDK's method names and the wire field names. */
export interface ZaloClient {
  /** Returns the bot's identity. */
  getMe(): Promise<ZaloBotInfo>;
  /** Long-polls for updates (`timeout` in seconds, default 30); an idle poll (408) yields an empty batch. */
  getUpdates(params?: { timeout?: number }): Promise<ZaloUpdateBatch>;
  /** Registers the webhook URL and the secret Zalo echoes in `X-Bot-Api-Secret-Token`. */
  setWebhook(params: { url: string; secret_token: string }): Promise<ZaloWebhookInfo>;
  /** Removes the webhook so getUpdates works again. */
  deleteWebhook(): Promise<ZaloWebhookInfo>;
  /** Returns the current webhook (`url: ''` when none). */
  getWebhookInfo(): Promise<ZaloWebhookInfo>;
  /** Sends text, split into chunks of at most 2000 characters sent in order; returns one result per chunk. */
  sendMessage(params: { chat_id: string; text: string }): Promise<ZaloMessageResult[]>;
  /** Sends an image by public URL, with an optional caption (at most 2000 characters). */
  sendPhoto(params: { chat_id: string; photo: string; caption?: string }): Promise<ZaloMessageResult>;
  /** Shows a chat action (e.g. typing) for a few seconds. */
  sendChatAction(params: { chat_id: string; action: ZaloChatAction }): Promise<void>;
}

/** Outcome of one HTTP attempt: the envelope's result, or an error and whether retrying may help. */
export type ZaloAttemptOutcome =
  | { ok: true; result: unknown }
  | { ok: false; error: ZaloApiError | ChannelNetworkError; retryable: boolean; retryAfterMs?: number };

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_PHOTO_TIMEOUT_MS = 120_000;
const DEFAULT_RETRIES = 3;
const DEFAULT_BACKOFF_MS = 500;
const DEFAULT_POLL_SECONDS = 30;
const BODY_PREVIEW_CHARS = 200;

const idSchema = z.union([z.string().min(1), z.number()]).transform((id) => String(id));

const envelopeSchema = z.object({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error_code: z.number().int().optional().catch(undefined),
  description: z.string().optional().catch(undefined),
  retry_after: z.number().nonnegative().optional().catch(undefined),
  parameters: z.object({ retry_after: z.number().nonnegative().optional() }).optional().catch(undefined),
});

type Envelope = z.output<typeof envelopeSchema>;

const botInfoSchema = z.object({
  id: idSchema,
  account_name: z.string(),
  account_type: z.string().optional(),
  can_join_groups: z.boolean().optional(),
});

const messageResultSchema = z
  .object({
    message_id: idSchema.optional().catch(undefined),
    date: z.number().optional().catch(undefined),
  })
  .catch({});

const webhookInfoSchema = z.object({
  url: z.string(),
  updated_at: z.number().optional().catch(undefined),
  verification: z
    .object({
      ok: z.boolean().optional().catch(undefined),
      status_code: z.number().optional().catch(undefined),
      outcome: z.string().optional().catch(undefined),
      latency_ms: z.number().optional().catch(undefined),
      hint: z.string().optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});

/** Creates a Zalo Bot API client; throws ConfigError for a malformed token or apiRoot. */
export function createZaloClient(deps: ZaloClientDeps): ZaloClient {
  const token = checkToken(deps.token);
  const apiRoot = checkApiRoot(deps.apiRoot);
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const photoTimeoutMs = deps.photoTimeoutMs ?? DEFAULT_PHOTO_TIMEOUT_MS;
  const retries = Math.max(0, Math.floor(deps.retries ?? DEFAULT_RETRIES));
  const backoffMs = Math.max(0, deps.backoffMs ?? DEFAULT_BACKOFF_MS);
  const redact = createRedactor(token);

  /** Makes one HTTP attempt and classifies its outcome; never throws. */
  async function attempt(method: string, params: object, budgetMs: number): Promise<ZaloAttemptOutcome> {
    const signal = AbortSignal.timeout(budgetMs);
    try {
      const response = await request(`${apiRoot}/bot${token}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(params),
        signal,
        // The signal is the real deadline; these only stop a dispatcher's own defaults from cutting in first.
        headersTimeout: budgetMs + 1000,
        bodyTimeout: budgetMs + 1000,
        ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
      });
      const bodyText = await response.body.text();
      return interpretResponse(method, response.statusCode, response.headers['retry-after'], bodyText, redact);
    } catch (error) {
      return { ok: false, retryable: true, error: toNetworkError(method, error, signal.aborted ? budgetMs : undefined, redact) };
    }
  }

  /** Calls a method, retrying transient failures with backoff; resolves to the envelope's `result`. */
  async function call(method: string, params: object, budgetMs = timeoutMs): Promise<unknown> {
    for (let attemptNo = 1; ; attemptNo += 1) {
      const outcome = await attempt(method, params, budgetMs);
      if (outcome.ok) return outcome.result;
      const { error, retryable, retryAfterMs } = outcome;
      if (!retryable || attemptNo > retries) throw error;
      if (retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS) throw error;
      const delayMs = retryDelayMs(attemptNo, backoffMs, retryAfterMs);
      notify(deps.onRetry, { method, attempt: attemptNo, error, delayMs });
      await sleep(delayMs);
    }
  }

  return {
    async getMe() {
      return parseResult('getMe', botInfoSchema, await call('getMe', {}));
    },

    async getUpdates(params = {}) {
      const pollSeconds = Math.max(0, Math.floor(params.timeout ?? DEFAULT_POLL_SECONDS));
      try {
        // Zalo documents `timeout` as a string; the HTTP budget is the hold time plus the usual budget.
        const result = await call('getUpdates', { timeout: String(pollSeconds) }, pollSeconds * 1000 + timeoutMs);
        return parseZaloUpdates(result);
      } catch (error) {
        if (error instanceof ZaloApiError && error.errorCode === 408) return { updates: [], errors: [] };
        throw error;
      }
    },

    async setWebhook(params) {
      const body = { url: params.url, secret_token: params.secret_token };
      return parseResult('setWebhook', webhookInfoSchema, await call('setWebhook', body));
    },

    async deleteWebhook() {
      return parseResult('deleteWebhook', webhookInfoSchema, await call('deleteWebhook', {}));
    },

    async getWebhookInfo() {
      return parseResult('getWebhookInfo', webhookInfoSchema, await call('getWebhookInfo', {}));
    },

    async sendMessage(params) {
      const chunks = splitText(params.text, ZALO_TEXT_LIMIT);
      if (chunks.length === 0) throw new RangeError('sendMessage: text is empty');
      const results: ZaloMessageResult[] = [];
      for (const text of chunks) {
        const result = await call('sendMessage', { chat_id: params.chat_id, text });
        results.push(messageResultSchema.parse(result));
      }
      return results;
    },

    async sendPhoto(params) {
      const body = { chat_id: params.chat_id, photo: params.photo, ...(params.caption ? { caption: params.caption } : {}) };
      return messageResultSchema.parse(await call('sendPhoto', body, photoTimeoutMs));
    },

    async sendChatAction(params) {
      await call('sendChatAction', { chat_id: params.chat_id, action: params.action });
    },
  };
}

/** Classifies an HTTP answer: envelope `ok` first (Zalo uses HTTP 200 for errors), then the status; pure. */
export function interpretResponse(
  method: string,
  statusCode: number,
  retryAfterHeader: string | string[] | undefined,
  bodyText: string,
  redact: (text: string) => string,
): ZaloAttemptOutcome {
  const envelope = parseEnvelope(bodyText);
  const retryAfterMs = retryAfterToMs(retryAfterHeader, envelope);
  const withRetryAfter = retryAfterMs === undefined ? {} : { retryAfterMs };
  const is2xx = statusCode >= 200 && statusCode < 300;

  if (envelope && !envelope.ok) {
    const code = envelope.error_code ?? statusCode;
    const description = redact(envelope.description ?? `HTTP ${statusCode}`);
    return { ok: false, error: new ZaloApiError(method, code, description), retryable: isRetryableCode(code), ...withRetryAfter };
  }
  if (!is2xx) {
    const description = redact(`HTTP ${statusCode}: ${preview(bodyText)}`);
    return { ok: false, error: new ZaloApiError(method, statusCode, description), retryable: isRetryableCode(statusCode), ...withRetryAfter };
  }
  if (!envelope) {
    const description = redact(`malformed response (HTTP ${statusCode}): ${preview(bodyText)}`);
    return { ok: false, error: new ZaloApiError(method, MALFORMED_RESPONSE_CODE, description), retryable: false };
  }
  return { ok: true, result: envelope.result };
}

/** Backoff before retry number `attempt` (1-based): exponential with jitter, capped, but never shorter than Retry-After. */
export function retryDelayMs(attempt: number, baseMs: number, retryAfterMs?: number, random: () => number = Math.random): number {
  const exponential = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential / 2 + (random() * exponential) / 2;
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}

/** True for error codes worth retrying: 429 (quota) and 5xx. */
export function isRetryableCode(code: number): boolean {
  return code === 429 || code >= 500;
}

/** Returns a function that removes the token (raw, URL-encoded, or as a `/bot…` path segment) from text. */
export function createRedactor(token: string): (text: string) => string {
  const secrets = [...new Set([token, encodeURIComponent(token)])].filter((s) => s.length > 0);
  return (text) => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join('***');
    return out.replace(/\/bot[^/\s"'?#]+/g, '/bot***');
  };
}

/** Parses the body as a Zalo envelope, or returns undefined (not JSON, or not envelope-shaped). */
function parseEnvelope(bodyText: string): Envelope | undefined {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  const parsed = envelopeSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/** Reads a wait from the Retry-After header (seconds or HTTP date) or the envelope's `retry_after` (seconds). */
function retryAfterToMs(header: string | string[] | undefined, envelope: Envelope | undefined): number | undefined {
  const fromBody = envelope?.parameters?.retry_after ?? envelope?.retry_after;
  if (fromBody !== undefined) return fromBody * 1000;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Validates a result against its schema; a mismatch is a non-retryable ZaloApiError with code 0. */
function parseResult<T>(method: string, schema: z.ZodType<T>, result: unknown): T {
  const parsed = schema.safeParse(result);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new ZaloApiError(method, MALFORMED_RESPONSE_CODE, `unexpected result: ${issues}`);
}

/** Wraps a transport failure so that neither its message nor its `cause` chain can carry the URL. */
function toNetworkError(
  method: string,
  error: unknown,
  timedOutAfterMs: number | undefined,
  redact: (text: string) => string,
): ChannelNetworkError {
  const cause = sanitizeError(error, redact);
  const code = errorCode(error);
  const isTimeout = timedOutAfterMs !== undefined || (code !== undefined && code.endsWith('_TIMEOUT'));
  const message = isTimeout
    ? `timed out${timedOutAfterMs !== undefined ? ` after ${timedOutAfterMs} ms` : ` (${code})`}`
    : `${cause.name}${code ? ` ${code}` : ''}: ${cause.message || 'network error'}`;
  return new ChannelNetworkError(method, message, { cause });
}

/** Copies an error (name, code, redacted message, up to three levels of cause) without its original stack. */
function sanitizeError(error: unknown, redact: (text: string) => string, depth = 0): Error {
  if (!(error instanceof Error)) return new Error(redact(String(error)));
  const nested = depth < 3 && error.cause !== undefined ? { cause: sanitizeError(error.cause, redact, depth + 1) } : undefined;
  const copy = new Error(redact(error.message), nested);
  copy.name = error.name;
  const code = errorCode(error);
  return code === undefined ? copy : Object.assign(copy, { code });
}

/** Reads a string `code` property (undici's `UND_ERR_*`, Node's `ECONNRESET`…) if there is one. */
function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/** First characters of a body, whitespace collapsed, for error descriptions. */
function preview(bodyText: string): string {
  const flat = bodyText.replace(/\s+/g, ' ').trim();
  if (flat.length === 0) return '(empty body)';
  return flat.length > BODY_PREVIEW_CHARS ? `${flat.slice(0, BODY_PREVIEW_CHARS)}…` : flat;
}

/** Calls the retry hook; a throwing hook must not break the request. */
function notify(onRetry: ZaloClientDeps['onRetry'], info: ZaloRetryInfo): void {
  try {
    onRetry?.(info);
  } catch {
    // Observability only.
  }
}

/** Rejects tokens that would break the URL; the message never repeats the token. */
function checkToken(token: string): string {
  if (token.length === 0 || /[\s/?#]/.test(token)) throw new ConfigError('Zalo bot token is empty or malformed');
  return token;
}

/** Accepts an http(s) URL and drops trailing slashes. */
function checkApiRoot(apiRoot: string): string {
  let url: URL;
  try {
    url = new URL(apiRoot);
  } catch {
    throw new ConfigError(`Zalo apiRoot is not a URL: ${apiRoot}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`Zalo apiRoot must be http(s): ${apiRoot}`);
  return apiRoot.replace(/\/+$/, '');
}
