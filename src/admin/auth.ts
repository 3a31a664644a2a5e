import { createHmac } from 'node:crypto';
import { secretMatches } from '../http/secret.js';

export const SESSION_COOKIE = 'congdoan_admin';
export const SESSION_TTL_MS = 12 * 3600_000;

const sign = (key: string, purpose: string, value: string) => createHmac('sha256', key).update(`${purpose}:${value}`).digest('base64url');

/**
 * Sessions are signed, not stored: `expiresAt.signature`, keyed by the admin token. Any replica can
 * check them, and changing ADMIN_TOKEN signs everyone out.
 */
export function createSession(key: string, now: number): string {
  const expires = String(now + SESSION_TTL_MS);
  return `${expires}.${sign(key, 'session', expires)}`;
}

export function verifySession(key: string, cookie: string | undefined, now: number): boolean {
  if (!cookie) return false;
  const [expires = '', sig] = cookie.split('.');
  if (!/^\d+$/.test(expires) || Number(expires) < now) return false;
  return secretMatches(sig, sign(key, 'session', expires));
}

/** The CSRF token of a session: forms must echo it. */
export function csrfToken(key: string, session: string): string {
  return sign(key, 'csrf', session);
}

export function verifyCsrf(key: string, session: string, presented: string | undefined): boolean {
  return secretMatches(presented, csrfToken(key, session));
}

/**
 * Counts wrong admin tokens per client (sign-in form and Bearer API) and refuses a client after too many within a
 * window. It only ever judges wrong tokens: callers check the token first, so the right one passes even from a
 * client address that others have locked (behind one proxy everyone shares it).
 */
export function createSignInLimiter(opts: { maxFailures: number; windowMs: number; maxClients?: number }) {
  const failures = new Map<string, number[]>();
  const maxClients = opts.maxClients ?? 10_000;
  const recent = (client: string, now: number) => (failures.get(client) ?? []).filter((t) => now - t < opts.windowMs);
  const forgetExpired = (now: number) => {
    for (const [client, times] of failures) if (times.every((t) => now - t >= opts.windowMs)) failures.delete(client);
  };
  return {
    blocked: (client: string, now: number) => recent(client, now).length >= opts.maxFailures,
    /** Whole seconds until a blocked client may try again (at least 1). */
    retryAfterSeconds(client: string, now: number): number {
      const times = recent(client, now);
      const freeing = times[times.length - opts.maxFailures];
      return freeing === undefined ? 1 : Math.max(1, Math.ceil((freeing + opts.windowMs - now) / 1000));
    },
    fail(client: string, now: number) {
      if (!failures.has(client) && failures.size >= maxClients) forgetExpired(now);
      failures.set(client, [...recent(client, now), now].slice(-opts.maxFailures));
    },
  };
}

export type SignInLimiter = ReturnType<typeof createSignInLimiter>;

/** What a presented admin token earns: it is compared first (constant time); only a wrong one is counted or refused. */
export type TokenCheck = { ok: true } | { ok: false; status: 401 } | { ok: false; status: 429; retryAfterSeconds: number };

export function checkAdminToken(limiter: SignInLimiter, token: string, presented: string | undefined, client: string, now: number): TokenCheck {
  if (secretMatches(presented, token)) return { ok: true };
  if (limiter.blocked(client, now)) return { ok: false, status: 429, retryAfterSeconds: limiter.retryAfterSeconds(client, now) };
  limiter.fail(client, now);
  return { ok: false, status: 401 };
}
