import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import { learnMsg as l } from '../messages.js';
import type { Store } from '../store/types.js';
import { AdminActionError, type AdminActions } from './actions.js';
import type { PageGuard } from './page-guard.js';
import { layout, when } from './views.js';

const pairBody = z.object({ file: z.string().max(300), key: z.string().max(500) });
const statusQuery = z.enum(['new', 'approved', 'rejected']).catch('new');

/** "Cách hỏi mới": the phrasings workers used to reach each note, grouped and counted; approve or reject. */
export function mountLearnRoutes(app: Hono, deps: { store: Store; actions: AdminActions; guard: PageGuard }): void {
  const { store, actions, guard } = deps;
  const fail = (c: Context, err: unknown) => {
    if (err instanceof AdminActionError) return c.json({ error: err.message }, err.status);
    throw err;
  };
  app.get('/admin/api/phrasings', async (c) => c.json(await store.listPhrasings(statusQuery.parse(c.req.query('status')))));
  for (const [name, run] of [['approve', (f: string, k: string) => actions.approvePhrasing(f, k)], ['reject', (f: string, k: string) => actions.rejectPhrasing(f, k).then(() => ({ ok: true }))]] as const) {
    app.post(`/admin/api/phrasings/${name}`, async (c) => {
      const body = pairBody.safeParse(await c.req.json().catch(() => ({})));
      if (!body.success) return c.json({ error: l.badBody }, 400);
      return run(body.data.file, body.data.key).then((r) => c.json(r), (e: unknown) => fail(c, e));
    });
  }

  guard.protect(app, '/admin/learn');
  const page = async (c: Context, status: 200 | 400 | 404 = 200, error?: string) => {
    const rows = await store.listPhrasings('new');
    const csrf = guard.csrf(c);
    const hidden = (r: { file: string; key: string }) => html`<input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="file" value="${r.file}"><input type="hidden" name="key" value="${r.key}">`;
    const flash = c.req.query('done');
    const body = html`${flash ? html`<p class="flash">${flash}</p>` : ''}${error ? html`<p class="error">${error}</p>` : ''}<div class="card"><h2>${l.title}</h2><p class="muted">${l.hint}</p>${
      rows.length
        ? html`<table class="phrasings"><tr><th>${l.question}</th><th>${l.note}</th><th>${l.count}</th><th></th></tr>${rows.map(
            (r) => html`<tr><td>${r.question}<div class="muted">${r.via.map((v) => l.via[v]).join(', ')} · ${when(r.lastSeen)}</div></td><td><code>${r.file}</code></td><td>${r.count}</td>
<td><form method="post" action="/admin/learn/approve" class="inline">${hidden(r)}<button>${l.approve}</button></form> <form method="post" action="/admin/learn/reject" class="inline" data-confirm="${l.rejectConfirm}">${hidden(r)}<button class="secondary">${l.reject}</button></form></td></tr>`,
          )}</table>`
        : html`<p>${l.empty}</p>`
    }</div>`;
    return c.html(layout(l.title, body, true, csrf), status);
  };
  app.get('/admin/learn', (c) => page(c));
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  for (const [name, run, done] of [['approve', actions.approvePhrasing, l.approved], ['reject', actions.rejectPhrasing, l.rejected]] as const) {
    app.post(`/admin/learn/${name}`, async (c) => {
      const f = await c.req.parseBody();
      try {
        await run(str(f.file), str(f.key));
        return c.redirect(`/admin/learn?done=${encodeURIComponent(done)}`, 303);
      } catch (err) {
        if (err instanceof AdminActionError) return page(c, err.status === 409 ? 400 : err.status, err.message);
        throw err;
      }
    });
  }
}
