import { afterEach, describe, expect, it } from 'vitest';
import { startFakeTelegram, textUpdate, type FakeTelegram } from '../support/fake-telegram.js';
import { post, startTestApp, waitUntil, type TestApp } from '../support/app.js';

const TG_SECRET = 'tg-secret_0123456789';

/** The value of one sample of the Prometheus text exposition (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[2] ?? '').split(',');
    if (want.every((w) => have.includes(w))) return Number(m[3]);
  }
  return 0;
}

describe('/metrics', () => {
  let tg: FakeTelegram;
  let app: TestApp;
  afterEach(async () => {
    await app.stop();
    await tg.close();
  });

  it('counts acknowledgements, replies, sends and send failures, reloads and the outbox, on its own port', async () => {
    tg = await startFakeTelegram();
    app = await startTestApp({ PUBLIC_URL: 'https://bot.example.org', TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url, TELEGRAM_WEBHOOK_SECRET: TG_SECRET, METRICS_PORT: '0' });
    expect(app.metricsPort).toBeGreaterThan(0);
    const scrape = async () => {
      const res = await fetch(`http://127.0.0.1:${app.metricsPort}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      return res.text();
    };
    const before = await scrape();
    expect(sample(before, 'congdoan_webhook_requests_total', { route: 'telegram', status: '200' })).toBe(0);
    expect(sample(before, 'congdoan_knowledge_reloads_total', { result: 'ok', source: 'built' })).toBe(1);

    // The first send fails (retried with backoff), then every delivery is answered.
    tg.fail('sendMessage', { status: 500 }, { times: 1 });
    const ask = (id: number, text: string) => post(`${app.url}/webhooks/telegram`, textUpdate(id, 700 + id, text), { 'x-telegram-bot-api-secret-token': TG_SECRET });
    for (const [i, q] of ['vay vốn quỹ trợ vốn', 'khám sức khỏe định kỳ', 'xin chào'].entries()) expect((await ask(i + 1, q)).status).toBe(200);
    expect((await post(`${app.url}/webhooks/telegram`, textUpdate(9, 709, 'x'), { 'x-telegram-bot-api-secret-token': 'wrong-secret-0123456789' })).status).toBe(401);
    await waitUntil(async () => sample(await scrape(), 'congdoan_sends_total', { channel: 'telegram' }) >= 3);

    const after = await scrape();
    expect(sample(after, 'congdoan_webhook_requests_total', { route: 'telegram', status: '200' })).toBe(3);
    expect(sample(after, 'congdoan_webhook_requests_total', { route: 'telegram', status: '401' })).toBe(1);
    expect(sample(after, 'congdoan_webhook_ack_seconds_count', { route: 'telegram' })).toBe(4);
    expect(sample(after, 'congdoan_replies_total', { status: 'answer' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'congdoan_replies_total', { status: 'welcome' })).toBe(1);
    expect(sample(after, 'congdoan_send_failures_total', { channel: 'telegram' })).toBe(1);
    expect(sample(after, 'congdoan_outbox_pending')).toBe(0);
    // Every message was decided somewhere: in the answer thread once it was fed, on the main thread before.
    expect(sample(after, 'congdoan_answers_decided_total', { where: 'thread' }) + sample(after, 'congdoan_answers_decided_total', { where: 'main' })).toBeGreaterThanOrEqual(3);
    expect(sample(after, 'congdoan_outbox_oldest_pending_age_seconds')).toBe(0);
    expect(after).toMatch(/^nodejs_eventloop_lag_p99_seconds \S+$/m);
    expect(after).toMatch(/^congdoan_knowledge_reload_seconds_count 1$/m);

    // Not on the public port that the reverse proxy forwards.
    expect((await fetch(`${app.url}/metrics`)).status).toBe(404);
  });
});
