/**
 * Given-up replies for admins: the page's "gửi lại" form and the JSON API. Mounted by `mountAdmin` after its
 * sign-in checks (`/admin/api/*` needs the Bearer token; the form needs the session and its CSRF token).
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { deliveryMsg } from '../messages.js';
import type { Store } from '../store/types.js';

export interface OutboxRouteDeps {
  store: Store;
  logger: Logger;
  now: () => number;
  /** Wakes the senders after a row is put back. */
  kick: () => void;
  /** The signed-in session of the request, when there is one. */
  session: (c: Context) => string | undefined;
  verifyCsrf: (session: string, presented: string | undefined) => boolean;
  badCsrf: string;
}

/** How many given-up replies the page and the API list. */
export const FAILED_LIST_LIMIT = 200;

const idParam = z.coerce.number().int().positive();

export function mountOutbox(app: Hono, deps: OutboxRouteDeps): void {
  const resend = async (id: number) => {
    const ok = await deps.store.resendOutbox(id, deps.now());
    if (ok) {
      deps.logger.info({ outboxId: id }, 'given-up reply put back to send by an admin');
      deps.kick();
    }
    return ok;
  };

  app.get('/admin/api/outbox/failed', async (c) => {
    const rows = await deps.store.failedOutbox(FAILED_LIST_LIMIT);
    return c.json(rows.map(({ id, channel, chatId, text, attempts, lastError, failedAt, queuedAt, inboundId }) => ({ id, channel, chatId, text, attempts, lastError, failedAt, queuedAt, inboundId })));
  });
  app.post('/admin/api/outbox/:id/resend', async (c) => {
    const id = idParam.safeParse(c.req.param('id'));
    if (!id.success || !(await resend(id.data))) return c.json({ error: deliveryMsg.notFailed(Number(c.req.param('id'))) }, 404);
    return c.json({ ok: true });
  });

  app.post('/admin/outbox/:id/resend', async (c) => {
    const s = deps.session(c);
    if (!s) return c.redirect('/admin/login', 303);
    const form = await c.req.parseBody();
    if (!deps.verifyCsrf(s, typeof form.csrf === 'string' ? form.csrf : undefined)) return c.text(deps.badCsrf, 403);
    const id = idParam.safeParse(c.req.param('id'));
    const done = id.success && (await resend(id.data)) ? deliveryMsg.resent(id.data) : deliveryMsg.notFailed(Number(c.req.param('id')));
    return c.redirect(`/admin?done=${encodeURIComponent(done)}#failed-replies`, 303);
  });
}
