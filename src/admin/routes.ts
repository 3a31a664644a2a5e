import type { Context, Hono } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { getConnInfo } from '@hono/node-server/conninfo';
import { z } from 'zod';
import type { Snapshot } from '../answer/answer.js';
import { NO_TRUSTED_PROXIES, clientAddress, type TrustedProxies } from '../http/client-address.js';
import type { Logger } from '../logger.js';
import { adminMsg } from '../messages.js';
import type { Store } from '../store/types.js';
import { AdminActionError, type AdminActions } from './actions.js';
import { ADMIN_CSS, ADMIN_JS, FAVICON_SVG } from './assets.js';
import type { FetchLimits } from '../import/fetch.js';
import type { KnowledgeFiles } from './knowledge-files.js';
import { createPageGuard } from './page-guard.js';
import { mountKnowledgeRoutes } from './routes-knowledge.js';
import { mountTryRoutes } from './routes-try.js';
import { mountLearnRoutes } from './routes-learn.js';
import { answerQuestion } from '../answer/answer.js';
import { SESSION_COOKIE, SESSION_TTL_MS, createSession, checkAdminToken, createSignInLimiter, csrfToken, verifyCsrf, verifySession } from './auth.js';
import { mountOutbox } from './outbox.js';
import { failedRepliesPanel } from './outbox-view.js';
import { itemPage, loginPage, queuePage, useTimeZone, zoneOffsetMs } from './views.js';

export interface AdminRouteDeps {
  token: string;
  store: Store;
  actions: AdminActions;
  snapshot: () => Snapshot;
  logger: Logger;
  /** Cookies are marked Secure when the admin page is served over HTTPS. */
  secureCookies: boolean;
  files: KnowledgeFiles;
  fetchLimits?: FetchLimits | undefined;
  /** IANA time zone for the times shown (TIMEZONE). */
  timeZone?: string | undefined;
  now?: () => number;
  /** Wakes the dispatcher (a given-up reply put back to send). */
  kick?: () => void;
  /** The send deadline, shown beside given-up replies. */
  sendDeadlineHours?: number;
  /** Proxies whose X-Forwarded-For names the client (TRUST_PROXY); none by default. */
  trustProxy?: TrustedProxies | undefined;
}

const reviewQuery = z.object({
  status: z.enum(['new', 'answered', 'ignored']).optional().catch(undefined),
  channel: z.enum(['telegram', 'zalo']).optional().catch(undefined),
  sort: z.enum(['newest', 'most']).optional().catch(undefined),
});
const idParam = z.coerce.number().int().positive();
// The reply's own checks (empty, too long) are the actions' (replyProblem), with a message for each.
const replyBody = z.object({ text: z.string(), author: z.string().max(100).optional() });
const knowledgeBody = z.object({
  title: z.string().max(200).optional(),
  answer: z.string().max(8000).default(''),
  questions: z.union([z.array(z.string().max(500)), z.string().max(5000)]).optional(),
  author: z.string().max(100).optional(),
  replace: z.union([z.boolean(), z.literal('on'), z.literal('1')]).optional(),
});
const replyAndSaveBody = knowledgeBody.extend({ text: z.string() }).omit({ answer: true });

const questionsOf = (q: string[] | string | undefined) => (typeof q === 'string' ? q.split(/\r?\n/) : (q ?? []));

/** Largest admin form or API body (a reply or a knowledge note is a few KiB). */
const ADMIN_MAX_BODY_BYTES = 256 * 1024;
/** Imports (an HTML page) and whole knowledge files. */
const LARGE_BODY_BYTES = 4 * 1024 * 1024;
const LARGE_BODY_PATHS = /^\/admin\/(?:api\/)?(?:import|knowledge)(?:\/|$)/;

/**
 * The admin area's security headers: scripts, styles, images and fetches only from this site (the pages have no
 * inline script or style), no framing, no Referer sent elsewhere.
 */
export const adminSecureHeaders = () =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
  });

/** Mounts the admin page (`/admin`, cookie session + CSRF) and the JSON API (`/admin/api`, Bearer token). */
export function mountAdmin(app: Hono, deps: AdminRouteDeps): void {
  const now = deps.now ?? Date.now;
  useTimeZone(deps.timeZone ?? 'Asia/Ho_Chi_Minh');
  const limiter = createSignInLimiter({ maxFailures: 5, windowMs: 15 * 60_000 });
  const trustProxy = deps.trustProxy ?? NO_TRUSTED_PROXIES;
  const client = (c: Context) => clientAddress(getConnInfo(c).remote.address, c.req.header('x-forwarded-for'), trustProxy);
  const session = (c: Context) => {
    const s = getCookie(c, SESSION_COOKIE);
    return s && verifySession(deps.token, s, now()) ? s : undefined;
  };

  const headers = adminSecureHeaders();
  app.use('/admin', headers);
  app.use('/admin/*', headers);

  const fail = (c: Context, err: unknown) => {
    if (err instanceof AdminActionError) return c.json({ error: err.message }, err.status);
    throw err;
  };

  // Every admin form and API body is small (an imported page or a knowledge file is larger): reading stops at the
  // limit, before sign-in or CSRF checks read it.
  const limit = (maxSize: number) => bodyLimit({ maxSize, onError: (c) => c.text(adminMsg.tooLarge, 413, { connection: 'close' }) });
  const [small, large] = [limit(ADMIN_MAX_BODY_BYTES), limit(LARGE_BODY_BYTES)];
  app.use('/admin/*', (c, next) => (LARGE_BODY_PATHS.test(c.req.path) ? large : small)(c, next));

  // ---- JSON API (Bearer ADMIN_TOKEN) ----
  app.use('/admin/api/*', async (c, next) => {
    const auth = c.req.header('authorization') ?? '';
    const presented = auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
    const who = client(c);
    const check = checkAdminToken(limiter, deps.token, presented, who, now());
    if (check.ok) return next();
    if (check.status === 429) return c.json({ error: adminMsg.tooManyAttempts }, 429, { 'retry-after': String(check.retryAfterSeconds) });
    deps.logger.warn({ client: who }, 'admin API token refused');
    return c.json({ error: adminMsg.unauthorized }, 401);
  });
  app.get('/admin/api/review', async (c) => {
    const q = reviewQuery.parse(c.req.query());
    const groups = await deps.store.listReview({ ...q, limit: 500 });
    return c.json(groups.map(({ id, question, count, status, channels, firstSeen, lastSeen }) => ({ id, question, count, status, channels, firstSeen, lastSeen })));
  });
  app.get('/admin/api/review/:id', async (c) => {
    const d = await deps.store.getReview(idParam.parse(c.req.param('id')));
    return d ? c.json(d) : c.json({ error: adminMsg.notFound(Number(c.req.param('id'))) }, 404);
  });
  const json = async (c: Context) => c.req.json().catch(() => ({}));
  app.post('/admin/api/review/:id/reply', async (c) => {
    const body = replyBody.safeParse(await json(c));
    if (!body.success) return c.json({ error: adminMsg.emptyReply }, 400);
    return deps.actions.reply(idParam.parse(c.req.param('id')), body.data.text, body.data.author ?? 'admin').then((r) => c.json(r), (e: unknown) => fail(c, e));
  });
  app.post('/admin/api/review/:id/ignore', async (c) =>
    deps.actions.ignore(idParam.parse(c.req.param('id'))).then(() => c.json({ ok: true }), (e: unknown) => fail(c, e)),
  );
  app.post('/admin/api/review/:id/knowledge', async (c) => {
    const body = knowledgeBody.safeParse(await json(c));
    if (!body.success) return c.json({ error: z.prettifyError(body.error) }, 400);
    const input = { title: body.data.title, answer: body.data.answer, questions: questionsOf(body.data.questions), author: body.data.author ?? 'admin', replace: !!body.data.replace };
    return deps.actions.saveKnowledge(idParam.parse(c.req.param('id')), input).then((r) => c.json(r), (e: unknown) => fail(c, e));
  });
  app.post('/admin/api/review/:id/reply-and-save', async (c) => {
    const body = replyAndSaveBody.safeParse(await json(c));
    if (!body.success) return c.json({ error: adminMsg.emptyReply }, 400);
    const d = body.data;
    const input = { text: d.text, title: d.title, questions: questionsOf(d.questions), author: d.author ?? 'admin', replace: !!d.replace };
    return deps.actions.replyAndSave(idParam.parse(c.req.param('id')), input).then((r) => c.json(r), (e: unknown) => fail(c, e));
  });
  app.post('/admin/api/reload', async (c) => c.json(await deps.actions.reload()));
  mountOutbox(app, { store: deps.store, logger: deps.logger, now, kick: deps.kick ?? (() => {}), session, verifyCsrf: (s, p) => verifyCsrf(deps.token, s, p), badCsrf: adminMsg.badCsrf });

  // ---- Static files: the page's script and the icon ----
  app.get('/admin/assets/admin.js', (c) => c.body(ADMIN_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }));
  app.get('/admin/assets/admin.css', (c) => c.body(ADMIN_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' }));
  app.get('/favicon.ico', (c) => c.body(FAVICON_SVG, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' }));

  // ---- HTML pages (cookie session, CSRF on every form) ----
  app.get('/admin/login', (c) => c.html(loginPage()));
  app.post('/admin/login', async (c) => {
    const who = client(c);
    const form = await c.req.parseBody();
    const check = checkAdminToken(limiter, deps.token, typeof form.token === 'string' ? form.token.trim() : undefined, who, now());
    if (!check.ok && check.status === 429) return c.html(loginPage(adminMsg.tooManyAttempts), 429, { 'retry-after': String(check.retryAfterSeconds) });
    if (!check.ok) {
      deps.logger.warn({ client: who }, 'admin sign-in failed');
      return c.html(loginPage(adminMsg.wrongToken), 401);
    }
    setCookie(c, SESSION_COOKIE, createSession(deps.token, now()), {
      httpOnly: true,
      sameSite: 'Strict',
      secure: deps.secureCookies,
      path: '/admin',
      maxAge: SESSION_TTL_MS / 1000,
    });
    return c.redirect('/admin', 303);
  });

  app.use('/admin', async (c, next) => (session(c) ? next() : c.redirect('/admin/login', 303)));
  app.use('/admin/review/*', async (c, next) => {
    const s = session(c);
    if (!s) return c.redirect('/admin/login', 303);
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody();
      if (!verifyCsrf(deps.token, s, typeof form.csrf === 'string' ? form.csrf : undefined)) return c.text(adminMsg.badCsrf, 403);
    }
    await next();
  });

  app.get('/admin', async (c) => {
    const s = session(c) ?? '';
    // The queue opens on new items; "Tất cả" (status=) shows every status.
    const query = reviewQuery.parse({ status: 'new', ...c.req.query() });
    const { kb } = deps.snapshot();
    const [groups, stats, failed] = await Promise.all([deps.store.listReview({ ...query, limit: 200 }), deps.store.stats(now(), 14, zoneOffsetMs(now())), deps.store.failedOutbox(200)]);
    const csrf = csrfToken(deps.token, s);
    const panels = failedRepliesPanel(failed, csrf, deps.sendDeadlineHours ?? 24);
    // After a new FAQ or phrasing, items the bot now answers are marked, so nobody answers them twice.
    const nowAnswered = new Set(groups.filter((g) => g.status === 'new' && answerQuestion(deps.snapshot(), g.question, { now: now() }).status === 'answer').map((g) => g.id));
    return c.html(queuePage({ groups, query, stats, nowAnswered, problems: kb.problems, keptPrevious: kb.keptPrevious, csrf, flash: c.req.query('done'), panels }));
  });

  app.get('/admin/review/:id', async (c) => {
    const s = session(c) ?? '';
    const id = idParam.safeParse(c.req.param('id'));
    const d = id.success ? await deps.store.getReview(id.data) : undefined;
    if (!d) return c.text(adminMsg.notFound(Number(c.req.param('id'))), 404);
    return c.html(itemPage(d, csrfToken(deps.token, s), c.req.query('done')));
  });

  const formAction = (name: string, run: (id: number, form: Record<string, unknown>) => Promise<string>) =>
    app.post(`/admin/review/:id/${name}`, async (c) => {
      const id = idParam.parse(c.req.param('id'));
      const form = await c.req.parseBody();
      try {
        const done = await run(id, form);
        return c.redirect(`/admin/review/${id}?done=${encodeURIComponent(done)}`, 303);
      } catch (err) {
        if (!(err instanceof AdminActionError)) throw err;
        const d = await deps.store.getReview(id);
        if (!d) return c.text(err.message, 404);
        return c.html(itemPage(d, csrfToken(deps.token, session(c) ?? ''), undefined, err.message), err.status);
      }
    });
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  formAction('reply', async (id, f) => adminMsg.replied((await deps.actions.reply(id, str(f.text), 'admin')).sent));
  formAction('ignore', async (id) => {
    await deps.actions.ignore(id);
    return adminMsg.ignored;
  });
  formAction('knowledge', async (id, f) => {
    const r = await deps.actions.saveKnowledge(id, { title: str(f.title), answer: str(f.answer), questions: questionsOf(str(f.questions)), author: 'admin', replace: !!f.replace });
    return adminMsg.saved(r.file);
  });
  formAction('reply-and-save', async (id, f) => {
    const r = await deps.actions.replyAndSave(id, { text: str(f.text), title: str(f.title), questions: questionsOf(str(f.questions)), author: 'admin', replace: !!f.replace });
    return adminMsg.repliedAndSaved(r.sent, r.file);
  });

  // The officers' workbench: knowledge, import, "Thử câu hỏi" (pages and API, each area in its own file).
  const guard = createPageGuard(deps.token, now);
  mountKnowledgeRoutes(app, { actions: deps.actions, files: deps.files, snapshot: deps.snapshot, guard, now, fetchLimits: deps.fetchLimits });
  mountTryRoutes(app, { snapshot: deps.snapshot, guard, now });
  mountLearnRoutes(app, { store: deps.store, actions: deps.actions, guard });

  app.post('/admin/logout', async (c) => {
    const s = session(c);
    const form = await c.req.parseBody();
    if (s && verifyCsrf(deps.token, s, typeof form.csrf === 'string' ? form.csrf : undefined)) deleteCookie(c, SESSION_COOKIE, { path: '/admin' });
    return c.redirect('/admin/login', 303);
  });
}
