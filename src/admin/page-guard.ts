import type { Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { adminMsg } from '../messages.js';
import { SESSION_COOKIE, csrfToken, verifyCsrf, verifySession } from './auth.js';

/** Session and CSRF checks for the admin's HTML pages (cookie session; every POST carries the form's CSRF token). */
export function createPageGuard(token: string, now: () => number) {
  const session = (c: Context) => {
    const s = getCookie(c, SESSION_COOKIE);
    return s && verifySession(token, s, now()) ? s : undefined;
  };
  return {
    session,
    csrf: (c: Context) => csrfToken(token, session(c) ?? ''),
    /** Guards every page under `prefix`: sign-in first, and a valid CSRF token on every POST. */
    protect(app: Hono, prefix: string) {
      const guard = async (c: Context, next: () => Promise<void>) => {
        const s = session(c);
        if (!s) return c.redirect('/admin/login', 303);
        if (c.req.method === 'POST') {
          const form = await c.req.parseBody();
          if (!verifyCsrf(token, s, typeof form.csrf === 'string' ? form.csrf : undefined)) return c.text(adminMsg.badCsrf, 403);
        }
        await next();
      };
      app.use(prefix, guard);
      app.use(`${prefix}/*`, guard);
    },
  };
}

export type PageGuard = ReturnType<typeof createPageGuard>;
