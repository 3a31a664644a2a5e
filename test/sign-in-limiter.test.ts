import { describe, expect, it } from 'vitest';
import { checkAdminToken, createSignInLimiter } from '../src/admin/auth.js';

const TOKEN = 'admin-token-0123456789abcdef';

describe('checkAdminToken', () => {
  it('passes the right token from a locked client, refuses wrong ones with the time left, and forgets after the window', () => {
    const limiter = createSignInLimiter({ maxFailures: 3, windowMs: 60_000 });
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) expect(checkAdminToken(limiter, TOKEN, `wrong-${i}`, 'a', t0 + i * 1000)).toEqual({ ok: false, status: 401 });
    expect(checkAdminToken(limiter, TOKEN, 'wrong', 'a', t0 + 10_000)).toEqual({ ok: false, status: 429, retryAfterSeconds: 50 });
    expect(checkAdminToken(limiter, TOKEN, TOKEN, 'a', t0 + 10_000)).toEqual({ ok: true });
    expect(checkAdminToken(limiter, TOKEN, undefined, 'b', t0 + 10_000)).toEqual({ ok: false, status: 401 });
    // Refusals are not counted: the lock ends a window after the third failure's first.
    expect(checkAdminToken(limiter, TOKEN, 'wrong', 'a', t0 + 60_000)).toEqual({ ok: false, status: 401 });
  });

  it('drops expired clients when many are kept', () => {
    const limiter = createSignInLimiter({ maxFailures: 1, windowMs: 1000, maxClients: 2 });
    limiter.fail('a', 0);
    limiter.fail('b', 0);
    limiter.fail('c', 5000);
    expect(limiter.blocked('c', 5000)).toBe(true);
    expect(limiter.blocked('a', 500)).toBe(false);
  });
});
