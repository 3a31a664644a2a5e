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

/** Counts failed sign-ins per client and blocks after too many within a window. */
export function createSignInLimiter(opts: { maxFailures: number; windowMs: number }) {
  const failures = new Map<string, number[]>();
  const recent = (client: string, now: number) => (failures.get(client) ?? []).filter((t) => now - t < opts.windowMs);
  return {
    blocked: (client: string, now: number) => recent(client, now).length >= opts.maxFailures,
    fail(client: string, now: number) {
      failures.set(client, [...recent(client, now), now]);
    },
    reset(client: string) {
      failures.delete(client);
    },
  };
}
