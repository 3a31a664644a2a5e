import type { Hono } from 'hono';
import { z } from 'zod';
import type { Snapshot } from '../answer/answer.js';
import { tryMsg } from '../messages.js';
import { explainQuestion } from './explain.js';
import type { PageGuard } from './page-guard.js';
import { tryPage } from './views-try.js';

const tryBody = z.object({ question: z.string().max(5000) });

/** "Thử câu hỏi": `POST /admin/api/try` (Bearer) and the page `GET /admin/try?question=…` (read-only, no form post). */
export function mountTryRoutes(app: Hono, deps: { snapshot: () => Snapshot; guard: PageGuard; now: () => number }): void {
  app.post('/admin/api/try', async (c) => {
    const body = tryBody.safeParse(await c.req.json().catch(() => ({})));
    if (!body.success || !body.data.question.trim()) return c.json({ error: tryMsg.empty }, 400);
    return c.json(explainQuestion(deps.snapshot(), body.data.question, deps.now()));
  });
  deps.guard.protect(app, '/admin/try');
  app.get('/admin/try', (c) => {
    const question = (c.req.query('question') ?? '').slice(0, 5000);
    const result = question.trim() ? explainQuestion(deps.snapshot(), question, deps.now()) : undefined;
    return c.html(tryPage(question, result, deps.guard.csrf(c)));
  });
}
