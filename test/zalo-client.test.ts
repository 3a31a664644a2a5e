import { Agent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createZaloClient, interpretResponse, retryDelayMs, MAX_BACKOFF_MS } from '../src/channels/zalo/client.js';
import type { ZaloClientDeps, ZaloRetryInfo } from '../src/channels/zalo/client.js';
import { ChannelNetworkError, ConfigError, ZaloApiError } from '../src/errors.js';
import { startFakeZalo, zaloTextUpdate } from './support/fake-zalo.js';
import type { FakeZalo } from './support/fake-zalo.js';

const SECRET = 'SuperSecretTokenValue';
const TOKEN = `987654321:${SECRET}`;

let zalo: FakeZalo;
let agent: Agent;
let retries: ZaloRetryInfo[];

beforeEach(async () => {
  zalo = await startFakeZalo({ token: TOKEN, maxPollMs: 50 });
  agent = new Agent();
  retries = [];
});

afterEach(async () => {
  await zalo.close();
  await agent.destroy();
});

function client(overrides: Partial<ZaloClientDeps> = {}) {
  return createZaloClient({
    token: TOKEN,
    apiRoot: zalo.url,
    backoffMs: 1,
    dispatcher: agent,
    onRetry: (info) => retries.push(info),
    ...overrides,
  });
}

/** Everything an error could show: name, message, stack, own properties, down the cause chain. */
function errorText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 10; depth += 1) {
    if (current instanceof Error) {
      parts.push(String(current), current.message, current.stack ?? '', JSON.stringify(current));
      current = current.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  return parts.join('\n');
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

function expectNoToken(value: unknown): void {
  const text = typeof value === 'string' ? value : errorText(value);
  expect(text).not.toContain(SECRET);
}

const callsOf = (method: string) => zalo.calls.filter((c) => c.method === method);

describe('createZaloClient: envelope', () => {
  it('returns the result of an ok envelope', async () => {
    const me = await client().getMe();
    expect(me).toEqual({ id: '987654321', account_name: 'bot.fake', account_type: 'BASIC', can_join_groups: false });
    expect(zalo.calls).toEqual([{ method: 'getMe', body: {}, authorized: true }]);
  });

  it('throws ZaloApiError for ok:false (HTTP 200), without retrying and without the token', async () => {
    const error = await rejection(client({ token: `111:${SECRET}` }).getMe());
    expect(error).toBeInstanceOf(ZaloApiError);
    expect(error).toMatchObject({ method: 'getMe', errorCode: 401, description: 'Unauthorized' });
    expect(zalo.calls).toEqual([{ method: 'getMe', body: {}, authorized: false }]);
    expect(retries).toEqual([]);
    expectNoToken(error);
  });

  it('does not retry other 4xx', async () => {
    zalo.failNext('sendChatAction', 'ok-false', 1, { errorCode: 400, description: 'Bad request' });
    const error = await rejection(client().sendChatAction({ chat_id: 'c1', action: 'typing' }));
    expect(error).toMatchObject({ name: 'ZaloApiError', errorCode: 400, description: 'Bad request', method: 'sendChatAction' });
    expect(callsOf('sendChatAction')).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it('retries HTTP 500 (non-JSON body) and then succeeds', async () => {
    zalo.failNext('getMe', 'http-500');
    const me = await client().getMe();
    expect(me.id).toBe('987654321');
    expect(callsOf('getMe')).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ method: 'getMe', attempt: 1 });
    expect(retries[0]?.error).toBeInstanceOf(ZaloApiError);
    expect(retries[0]?.error).toMatchObject({ errorCode: 500 });
    expect(retries[0]?.error.message).toContain('HTTP 500');
    expect(retries[0]?.error.message).toContain('Internal Server Error');
  });

  it('retries HTTP 429 and ok:false with error_code 429 or 5xx', async () => {
    zalo.failNext('getWebhookInfo', 'http-429');
    zalo.failNext('getWebhookInfo', 'ok-false', 1, { errorCode: 429, description: 'Quota exceeded' });
    zalo.failNext('getWebhookInfo', 'ok-false', 1, { errorCode: 503, description: 'Busy' });
    const info = await client().getWebhookInfo();
    expect(info).toEqual({ url: '' });
    expect(callsOf('getWebhookInfo')).toHaveLength(4);
    expect(retries.map((r) => [r.attempt, r.error instanceof ZaloApiError ? r.error.errorCode : 'net'])).toEqual([
      [1, 429],
      [2, 429],
      [3, 503],
    ]);
  });

  it('gives up after `retries` retries with the last error', async () => {
    zalo.failNext('getMe', 'http-429', 3);
    const error = await rejection(client({ retries: 2 }).getMe());
    expect(error).toMatchObject({ name: 'ZaloApiError', errorCode: 429 });
    expect(callsOf('getMe')).toHaveLength(3);
    expect(retries).toHaveLength(2);
  });
});

describe('createZaloClient: network failures', () => {
  it('retries a dropped connection and then succeeds', async () => {
    zalo.failNext('getMe', 'drop-connection');
    await expect(client().getMe()).resolves.toMatchObject({ account_name: 'bot.fake' });
    expect(callsOf('getMe')).toHaveLength(2);
    expect(retries[0]?.error).toBeInstanceOf(ChannelNetworkError);
  });

  it('throws ChannelNetworkError after the retries are exhausted, with no token anywhere', async () => {
    zalo.failNext('sendMessage', 'drop-connection', 4);
    const error = await rejection(client({ retries: 3 }).sendMessage({ chat_id: 'c1', text: 'Xin chào' }));
    expect(error).toBeInstanceOf(ChannelNetworkError);
    expect(error).toMatchObject({ method: 'sendMessage' });
    expect(error instanceof Error && error.cause).toBeInstanceOf(Error);
    expect(callsOf('sendMessage')).toHaveLength(4);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3]);
    expectNoToken(error);
    for (const info of retries) {
      expectNoToken(info.error);
      expectNoToken(JSON.stringify({ ...info, error: errorText(info.error) }));
    }
  });

  it('turns a server that never answers into a ChannelNetworkError (timeout)', async () => {
    zalo.failNext('getMe', 'hang', 2);
    const error = await rejection(client({ timeoutMs: 100, retries: 1 }).getMe());
    expect(error).toBeInstanceOf(ChannelNetworkError);
    expect(error instanceof Error && error.message).toMatch(/^getMe: timed out/);
    expect(callsOf('getMe')).toHaveLength(2);
    expectNoToken(error);
  });

  it('reports a refused connection as ChannelNetworkError without the token', async () => {
    const closed = await startFakeZalo({ token: TOKEN });
    await closed.close();
    const error = await rejection(client({ apiRoot: closed.url, retries: 1 }).getMe());
    expect(error).toBeInstanceOf(ChannelNetworkError);
    expect(retries).toHaveLength(1);
    expectNoToken(error);
  });

  it('refuses a malformed token or apiRoot without echoing the token', () => {
    expect(() => client({ token: `a/${SECRET}` })).toThrow(ConfigError);
    expect(errorText(captureThrow(() => client({ token: `a/${SECRET}` })))).not.toContain(SECRET);
    expect(() => client({ apiRoot: 'ftp://example.com' })).toThrow(ConfigError);
  });
});

function captureThrow(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('createZaloClient: methods', () => {
  it('splits long text into ≤2000-character chunks sent in order', async () => {
    const paragraphs = Array.from({ length: 9 }, (_, i) => `Đoạn ${i + 1}. ${'Công đoàn hỗ trợ người lao động. '.repeat(15).trim()}`);
    const text = paragraphs.join('\n\n');
    expect(text.length).toBeGreaterThan(4000);
    const results = await client().sendMessage({ chat_id: 'chat-1', text });
    const sent = callsOf('sendMessage').map((c) => c.body);
    expect(sent.length).toBeGreaterThanOrEqual(3);
    expect(results).toHaveLength(sent.length);
    for (const result of results) expect(result.message_id).toMatch(/^[0-9a-f]{20}$/);
    const texts = sent.map((body) => {
      expect(body).toMatchObject({ chat_id: 'chat-1' });
      const t = typeof body === 'object' && body !== null && 'text' in body ? body.text : undefined;
      expect(typeof t).toBe('string');
      return String(t);
    });
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(2000);
    expect(texts[0]?.startsWith('Đoạn 1.')).toBe(true);
    expect(texts.join('\n\n')).toBe(text);
  });

  it('sends short text in one call and refuses empty text', async () => {
    const results = await client().sendMessage({ chat_id: 'c', text: 'Chào bạn' });
    expect(results).toHaveLength(1);
    expect(zalo.calls).toEqual([{ method: 'sendMessage', body: { chat_id: 'c', text: 'Chào bạn' }, authorized: true }]);
    await expect(client().sendMessage({ chat_id: 'c', text: '' })).rejects.toThrow(RangeError);
    expect(zalo.calls).toHaveLength(1);
  });

  it('sends photos and chat actions with the documented fields', async () => {
    const zc = client();
    const photo = await zc.sendPhoto({ chat_id: 'c', photo: 'https://example.com/a.jpg', caption: 'Bảng lương' });
    expect(photo.message_id).toMatch(/^[0-9a-f]{20}$/);
    await zc.sendChatAction({ chat_id: 'c', action: 'typing' });
    expect(zalo.calls.map((c) => [c.method, c.body])).toEqual([
      ['sendPhoto', { chat_id: 'c', photo: 'https://example.com/a.jpg', caption: 'Bảng lương' }],
      ['sendChatAction', { chat_id: 'c', action: 'typing' }],
    ]);
  });

  it('long-polls getUpdates with a string timeout and parses the update', async () => {
    const zc = client();
    zalo.queueUpdate(zaloTextUpdate('Xin chào', { chatId: 'c9' }));
    const batch = await zc.getUpdates({ timeout: 1 });
    expect(batch.errors).toEqual([]);
    expect(batch.updates).toMatchObject([{ kind: 'text', chatId: 'c9', text: 'Xin chào' }]);
    expect(callsOf('getUpdates')[0]?.body).toEqual({ timeout: '1' });
  });

  it('answers a held poll as soon as an update is queued', async () => {
    const slow = await startFakeZalo({ token: TOKEN, maxPollMs: 5000 });
    try {
      const pending = client({ apiRoot: slow.url }).getUpdates({ timeout: 5 });
      await slow.waitFor((calls) => calls.some((c) => c.method === 'getUpdates'));
      slow.queueUpdate(zaloTextUpdate('đến rồi'));
      const batch = await pending;
      expect(batch.updates.map((u) => u.text)).toEqual(['đến rồi']);
    } finally {
      await slow.close();
    }
  });

  it('treats an idle poll (408) as an empty batch, without retrying', async () => {
    const batch = await client().getUpdates({ timeout: 1 });
    expect(batch).toEqual({ updates: [], errors: [] });
    expect(callsOf('getUpdates')).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it('manages the webhook, and getUpdates fails while one is set', async () => {
    const zc = client();
    const set = await zc.setWebhook({ url: 'https://bot.example.vn/zalo', secret_token: 'a-long-secret' });
    expect(set).toMatchObject({ url: 'https://bot.example.vn/zalo' });
    expect(typeof set.updated_at).toBe('number');
    expect(zalo.webhook).toMatchObject({ url: 'https://bot.example.vn/zalo', secretToken: 'a-long-secret' });
    expect((await zc.getWebhookInfo()).url).toBe('https://bot.example.vn/zalo');

    const error = await rejection(zc.getUpdates({ timeout: 1 }));
    expect(error).toMatchObject({ name: 'ZaloApiError', method: 'getUpdates', errorCode: 409 });
    expect(callsOf('getUpdates')).toHaveLength(1);

    expect((await zc.deleteWebhook()).url).toBe('');
    expect((await zc.getWebhookInfo()).url).toBe('');
    expect(zalo.webhook).toBeUndefined();
  });

  it('surfaces the API rejecting a bad webhook secret as a ZaloApiError', async () => {
    const error = await rejection(client().setWebhook({ url: 'https://bot.example.vn/zalo', secret_token: 'short' }));
    expect(error).toMatchObject({ name: 'ZaloApiError', errorCode: 400 });
  });
});

describe('interpretResponse and retryDelayMs (pure helpers)', () => {
  const redact = (s: string) => s;

  it('rejects a 2xx body that is not a Zalo envelope, without retrying', () => {
    const outcome = interpretResponse('getMe', 200, undefined, '<html>portal</html>', redact);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.retryable).toBe(false);
      expect(outcome.error).toMatchObject({ errorCode: 0 });
      expect(outcome.error.message).toContain('portal');
    }
  });

  it('lets the envelope win over the HTTP status and reads Retry-After', () => {
    const outcome = interpretResponse('getMe', 429, '2', JSON.stringify({ ok: false, error_code: 429, description: 'Quota exceeded' }), redact);
    expect(outcome).toMatchObject({ ok: false, retryable: true, retryAfterMs: 2000 });
    const body = interpretResponse('getMe', 200, undefined, JSON.stringify({ ok: false, error_code: 429, parameters: { retry_after: 3 } }), redact);
    expect(body).toMatchObject({ ok: false, retryAfterMs: 3000 });
    expect(interpretResponse('getMe', 200, undefined, JSON.stringify({ ok: true, result: 1 }), redact)).toEqual({ ok: true, result: 1 });
  });

  it('shortens long error bodies', () => {
    const outcome = interpretResponse('getMe', 502, undefined, 'x'.repeat(5000), redact);
    expect(!outcome.ok && outcome.error.message.length).toBeLessThan(300);
    expect(outcome).toMatchObject({ ok: false, retryable: true });
  });

  it('backs off exponentially with jitter, capped, and never below Retry-After', () => {
    expect(retryDelayMs(1, 500, undefined, () => 0)).toBe(250);
    expect(retryDelayMs(1, 500, undefined, () => 1)).toBe(500);
    expect(retryDelayMs(3, 500, undefined, () => 1)).toBe(2000);
    expect(retryDelayMs(20, 500, undefined, () => 1)).toBe(MAX_BACKOFF_MS);
    expect(retryDelayMs(1, 1, 5000, () => 0.5)).toBe(5000);
  });
});
