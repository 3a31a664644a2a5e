import { afterEach, describe, expect, it } from 'vitest';
import { adminMsg } from '../../src/messages.js';
import { startAdminTelegramApp, ADMIN_TOKEN, type AdminTelegramApp } from '../support/admin-app.js';
import { startTestApp, waitUntil, type TestApp } from '../support/app.js';
import { textUpdate } from '../support/fake-telegram.js';

const TOKEN = ADMIN_TOKEN;

/** What the security probe (issue 14) found: a shared lock-out, an unlimited Bearer API, no security headers. */
describe('admin sign-in limiter', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });
  const start = async (env: Record<string, string> = {}) => (app = await startTestApp({ ADMIN_TOKEN: TOKEN, ...env }));
  const signIn = (a: TestApp, token: string, forwardedFor?: string) =>
    fetch(`${a.url}/admin/login`, { method: 'POST', body: new URLSearchParams({ token }), redirect: 'manual', headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });
  const api = (a: TestApp, token: string) => fetch(`${a.url}/admin/api/review`, { headers: { authorization: `Bearer ${token}` } });
  const wrongSignIns = async (a: TestApp, n: number, forwardedFor?: string) => {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) statuses.push((await signIn(a, `wrong-token-${i}`, forwardedFor)).status);
    return statuses;
  };

  it('lets the right token sign in from an address locked by wrong ones, and keeps refusing wrong ones', async () => {
    const a = await start();
    expect(await wrongSignIns(a, 6)).toEqual([401, 401, 401, 401, 401, 429]);
    const locked = await signIn(a, 'wrong-token-again');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locked.text()).toContain(adminMsg.tooManyAttempts);
    const right = await signIn(a, TOKEN);
    expect(right.status).toBe(303);
    expect(right.headers.get('set-cookie')).toMatch(/^congdoan_admin=/);
  });

  it('limits wrong Bearer tokens on the JSON API with 429 and Retry-After; the right token still passes', async () => {
    const a = await start();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await api(a, `wrong-token-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const limited = await api(a, 'wrong-token-5');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toEqual({ error: adminMsg.tooManyAttempts });
    expect((await api(a, TOKEN)).status).toBe(200);
    // One count for the form and the API: the form is locked too.
    expect((await signIn(a, 'wrong-token-6')).status).toBe(429);
  });

  it('with TRUST_PROXY, limits two clients behind the proxy independently', async () => {
    const a = await start({ TRUST_PROXY: 'loopback' });
    expect(await wrongSignIns(a, 6, '203.0.113.1')).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await signIn(a, 'wrong-token', '203.0.113.2')).status).toBe(401);
    // The client cannot pick its own key: what it wrote left of the proxy's entry is not believed.
    expect((await signIn(a, 'wrong-token', '203.0.113.2, 203.0.113.1')).status).toBe(429);
  });

  it('without TRUST_PROXY, ignores X-Forwarded-For', async () => {
    const a = await start();
    expect(await wrongSignIns(a, 5, '203.0.113.1')).toEqual([401, 401, 401, 401, 401]);
    expect((await signIn(a, 'wrong-token', '203.0.113.2')).status).toBe(429);
    expect((await signIn(a, 'wrong-token')).status).toBe(429);
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const a = await start({ TRUST_PROXY: '10.9.9.9' });
    expect(await wrongSignIns(a, 5, '203.0.113.1')).toEqual([401, 401, 401, 401, 401]);
    expect((await signIn(a, 'wrong-token', '203.0.113.2')).status).toBe(429);
  });
});

describe('admin security headers', () => {
  let app: TestApp;
  afterEach(async () => app.stop());

  const expectStrictHeaders = (res: Response) => {
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  };

  it('sends CSP, X-Frame-Options and Referrer-Policy on the sign-in page, the pages, the API and the assets', async () => {
    app = await startTestApp({ ADMIN_TOKEN: TOKEN });
    const login = await fetch(`${app.url}/admin/login`);
    expectStrictHeaders(login);
    const page = await login.text();
    expect(page).not.toMatch(/<script>|<style>|style="/);
    const signedIn = await fetch(`${app.url}/admin/login`, { method: 'POST', body: new URLSearchParams({ token: TOKEN }), redirect: 'manual' });
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    for (const p of ['/admin', '/admin/knowledge', '/admin/try', '/admin/learn', '/admin/import']) {
      const res = await fetch(`${app.url}${p}`, { headers: { cookie } });
      expect(res.status, p).toBe(200);
      expectStrictHeaders(res);
      expect(await res.text(), p).not.toMatch(/<script>|<style>|style="/);
    }
    expectStrictHeaders(await fetch(`${app.url}/admin/api/review`, { headers: { authorization: `Bearer ${TOKEN}` } }));
    const css = await fetch(`${app.url}/admin/assets/admin.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toContain('.bar.w100{width:100%}');
  });
});

describe('admin reply length', () => {
  let bot: AdminTelegramApp;
  afterEach(async () => bot.stop());

  it('refuses a reply over 4,000 characters with its own message, on the API and the page', async () => {
    bot = await startAdminTelegramApp();
    await bot.hook(textUpdate(1, 701, 'Giá xăng RON95 tuần này là bao nhiêu?'));
    await waitUntil(async () => (await bot.app.store.listReview({})).length === 1);
    const [g] = await bot.app.store.listReview({});
    const long = 'a'.repeat(4001);

    const apiReply = await bot.api(`/review/${g!.id}/reply`, { text: long });
    expect(apiReply.status).toBe(400);
    const { error } = (await apiReply.json()) as { error: string };
    expect(error).toBe(adminMsg.replyTooLong(4000, 4001));
    expect(error).toContain('4.000 ký tự');
    expect(error).not.toBe(adminMsg.emptyReply);
    const both = await bot.api(`/review/${g!.id}/reply-and-save`, { text: long });
    expect([both.status, ((await both.json()) as { error: string }).error]).toEqual([400, adminMsg.replyTooLong(4000, 4001)]);
    expect(((await (await bot.api(`/review/${g!.id}/reply`, { text: '  ' })).json()) as { error: string }).error).toBe(adminMsg.emptyReply);

    const login = await fetch(`${bot.app.url}/admin/login`, { method: 'POST', body: new URLSearchParams({ token: TOKEN }), redirect: 'manual' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const item = await (await fetch(`${bot.app.url}/admin/review/${g!.id}`, { headers: { cookie } })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(item)![1]!;
    const form = await fetch(`${bot.app.url}/admin/review/${g!.id}/reply`, { method: 'POST', headers: { cookie }, body: new URLSearchParams({ csrf, text: long }), redirect: 'manual' });
    expect(form.status).toBe(400);
    expect(await form.text()).toContain(adminMsg.replyTooLong(4000, 4001));
    // Nothing was sent or stored.
    expect((await bot.app.store.getReview(g!.id))!.replies).toEqual([]);
    expect((await bot.api(`/review/${g!.id}/reply`, { text: 'a'.repeat(4000) })).status).toBe(200);
  });
});
