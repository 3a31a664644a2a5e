import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Snapshot } from '../answer/answer.js';
import { importArticle } from '../import/article.js';
import { fetchArticle, FETCH_LIMITS, ImportError, type FetchLimits } from '../import/fetch.js';
import { importMsg, knowMsg, workMsg } from '../messages.js';
import { AdminActionError, type AdminActions } from './actions.js';
import type { KnowledgeFiles } from './knowledge-files.js';
import { knowledgeRows } from './knowledge-list.js';
import { checkNote } from './note-check.js';
import type { PageGuard } from './page-guard.js';
import { importPage, importPreviewPage } from './views-import.js';
import { editPage, knowledgePage, noteTemplate, versionPage } from './views-knowledge.js';

export interface KnowledgeRouteDeps {
  actions: AdminActions;
  files: KnowledgeFiles;
  snapshot: () => Snapshot;
  guard: PageGuard;
  now: () => number;
  fetchLimits?: FetchLimits | undefined;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const noteBody = z.object({ file: z.string().max(300), text: z.string().max(1024 * 1024), replace: z.boolean().optional() });
const importBody = z.object({ text: z.string().max(3 * 1024 * 1024).optional(), url: z.string().max(2000).optional(), name: z.string().max(200).optional() });
const UPLOAD = /\.(?:html?|txt|md)$/i;

/** Validation result for the live check and the API: `ok` with a summary, or `line: message` problems. */
function validate(snap: Snapshot, file: string, text: string) {
  const r = checkNote(snap.kb, file, text);
  return r.ok ? { ok: true as const, summary: knowMsg.valid(r.doc.passages.length), problems: [] } : { ok: false as const, problems: r.problems.map((p) => `${p.file}:${p.line}: ${p.message}`) };
}

/** The "Kiến thức" and "Nhập bài viết" pages and their JSON API. */
export function mountKnowledgeRoutes(app: Hono, deps: KnowledgeRouteDeps): void {
  const { actions, files, guard } = deps;
  const limits = deps.fetchLimits ?? FETCH_LIMITS;
  const fail = (c: Context, err: unknown) => {
    if (err instanceof AdminActionError) return c.json({ error: err.message }, err.status);
    if (err instanceof ImportError) return c.json({ error: err.message }, 400);
    throw err;
  };
  const json = async (c: Context) => c.req.json().catch(() => ({}));
  const draftOf = async (input: { text?: string; url?: string; name?: string; upload?: File }) => {
    if (input.upload && input.upload.size > 0) {
      if (!UPLOAD.test(input.upload.name)) throw new ImportError(importMsg.badUpload);
      return importArticle(await input.upload.text(), { origin: input.upload.name, now: deps.now() });
    }
    if (input.url?.trim()) return importArticle(await fetchArticle(input.url, limits), { origin: input.url.trim(), now: deps.now() });
    if (input.text?.trim()) return importArticle(input.text, { origin: input.name?.trim() || workMsg.pastedOrigin(new Date(deps.now()).toISOString().slice(0, 10)), now: deps.now() });
    throw new ImportError(importMsg.nothingGiven);
  };

  // ---- JSON API (Bearer, guarded by mountAdmin) ----
  app.get('/admin/api/knowledge', (c) => c.json(knowledgeRows(deps.snapshot().kb)));
  app.get('/admin/api/knowledge/file', async (c) => {
    const file = c.req.query('path') ?? '';
    try {
      const text = await files.read(file);
      if (text === undefined) return c.json({ error: knowMsg.noFile(file) }, 404);
      const row = knowledgeRows(deps.snapshot().kb).find((r) => r.file === file);
      return c.json({ file, text, status: row?.status ?? 'problem', problems: row?.problems ?? [], history: await files.history(file) });
    } catch (err) {
      return fail(c, err);
    }
  });
  app.post('/admin/api/knowledge/validate', async (c) => {
    const body = noteBody.safeParse(await json(c));
    if (!body.success) return c.json({ error: knowMsg.badBody }, 400);
    try {
      files.resolve(body.data.file);
      return c.json(validate(deps.snapshot(), body.data.file, body.data.text));
    } catch (err) {
      return fail(c, err);
    }
  });
  app.post('/admin/api/knowledge', async (c) => {
    const body = noteBody.safeParse(await json(c));
    if (!body.success) return c.json({ error: knowMsg.badBody }, 400);
    return actions.writeNote(body.data.file, body.data.text, body.data.replace ? 'replace' : 'create').then((r) => c.json(r), (e: unknown) => fail(c, e));
  });
  app.post('/admin/api/knowledge/delete', async (c) => {
    const body = z.object({ file: z.string().max(300) }).safeParse(await json(c));
    if (!body.success) return c.json({ error: knowMsg.badBody }, 400);
    return actions.deleteNote(body.data.file).then((r) => c.json(r), (e: unknown) => fail(c, e));
  });
  app.get('/admin/api/knowledge/trash', async (c) => c.json(await files.trash()));
  app.post('/admin/api/knowledge/restore', async (c) => {
    const body = z.object({ id: z.string().max(40) }).safeParse(await json(c));
    if (!body.success) return c.json({ error: knowMsg.badBody }, 400);
    return actions.restoreTrash(body.data.id).then((r) => c.json(r), (e: unknown) => fail(c, e));
  });
  app.post('/admin/api/knowledge/restore-version', async (c) => {
    const body = z.object({ file: z.string().max(300), id: z.string().max(40) }).safeParse(await json(c));
    if (!body.success) return c.json({ error: knowMsg.badBody }, 400);
    return actions.restoreVersion(body.data.file, body.data.id).then((r) => c.json(r), (e: unknown) => fail(c, e));
  });
  app.post('/admin/api/import', async (c) => {
    const body = importBody.safeParse(await json(c));
    if (!body.success) return c.json({ error: knowMsg.badBody }, 400);
    const d = body.data;
    return draftOf({ text: d.text, url: d.url, name: d.name }).then((r) => c.json(r), (e: unknown) => fail(c, e));
  });

  // ---- HTML pages (session + CSRF) ----
  guard.protect(app, '/admin/knowledge');
  guard.protect(app, '/admin/import');
  const listPage = async (c: Context, status: 200 | 400 | 404 | 409 = 200, error?: string) =>
    c.html(knowledgePage({ rows: knowledgeRows(deps.snapshot().kb), trash: await files.trash(), csrf: guard.csrf(c), flash: c.req.query('done'), error }), status);
  const back = (c: Context, done: string, to = '/admin/knowledge') => c.redirect(`${to}${to.includes('?') ? '&' : '?'}done=${encodeURIComponent(done)}`, 303);
  const editOf = async (c: Context, file: string, text: string, isNew: boolean, error?: string, status: 200 | 400 | 404 | 409 = 200) =>
    c.html(editPage({ file, text, isNew, history: isNew ? [] : await files.history(file).catch(() => []), csrf: guard.csrf(c), flash: c.req.query('done'), error }), status);
  /** Runs a form action; an officer's mistake re-renders `onError` with the reason, anything else is a 500. */
  const attempt = async (c: Context, run: () => Promise<Response>, onError: (msg: string, status: 400 | 404 | 409) => Promise<Response> | Response) => {
    try {
      return await run();
    } catch (err) {
      if (err instanceof AdminActionError) return onError(err.message, err.status);
      if (err instanceof ImportError) return onError(err.message, 400);
      throw err;
    }
  };

  app.get('/admin/knowledge', (c) => listPage(c));
  app.get('/admin/knowledge/edit', async (c) => {
    const file = c.req.query('file') ?? '';
    return attempt(c, async () => {
      const text = await files.read(file);
      if (text === undefined) return listPage(c, 404, knowMsg.noFile(file));
      return editOf(c, file, text, false);
    }, (m, s) => listPage(c, s, m));
  });
  app.get('/admin/knowledge/new', (c) => {
    const t = noteTemplate(c.req.query('kind') === 'faq' ? 'faq' : 'policy', new Date(deps.now()).toISOString().slice(0, 10));
    return editOf(c, t.file, t.text, true);
  });
  app.get('/admin/knowledge/version', async (c) => {
    const file = c.req.query('file') ?? '';
    const id = c.req.query('id') ?? '';
    return attempt(c, async () => c.html(versionPage(file, id, await files.version(file, id), guard.csrf(c))), (m, s) => listPage(c, s, m));
  });
  app.post('/admin/knowledge/validate', async (c) => {
    const f = await c.req.parseBody();
    try {
      files.resolve(str(f.file));
    } catch (err) {
      if (err instanceof AdminActionError) return c.json({ ok: false, problems: [err.message] });
      throw err;
    }
    return c.json(validate(deps.snapshot(), str(f.file), str(f.text)));
  });
  app.post('/admin/knowledge/save', async (c) => {
    const f = await c.req.parseBody();
    const [file, text] = [str(f.file), str(f.text)];
    return attempt(c, async () => back(c, knowMsg.saved((await actions.writeNote(file, text, 'replace')).file), `/admin/knowledge/edit?file=${encodeURIComponent(file)}`), (m, s) => editOf(c, file, text, false, m, s));
  });
  app.post('/admin/knowledge/create', async (c) => {
    const f = await c.req.parseBody();
    const [file, text] = [str(f.file), str(f.text)];
    return attempt(c, async () => back(c, knowMsg.created((await actions.writeNote(file, text, 'create')).file), `/admin/knowledge/edit?file=${encodeURIComponent(file)}`), (m, s) => editOf(c, file, text, true, m, s));
  });
  app.post('/admin/knowledge/delete', async (c) => {
    const file = str((await c.req.parseBody()).file);
    return attempt(c, async () => {
      await actions.deleteNote(file);
      return back(c, knowMsg.deleted(file));
    }, (m, s) => listPage(c, s, m));
  });
  app.post('/admin/knowledge/restore', async (c) => {
    const id = str((await c.req.parseBody()).id);
    return attempt(c, async () => back(c, knowMsg.restored((await actions.restoreTrash(id)).file)), (m, s) => listPage(c, s, m));
  });
  app.post('/admin/knowledge/restore-version', async (c) => {
    const f = await c.req.parseBody();
    const [file, id] = [str(f.file), str(f.id)];
    return attempt(c, async () => back(c, knowMsg.restored((await actions.restoreVersion(file, id)).file), `/admin/knowledge/edit?file=${encodeURIComponent(file)}`), (m, s) => listPage(c, s, m));
  });

  app.get('/admin/import', (c) => c.html(importPage(guard.csrf(c))));
  app.post('/admin/import', async (c) => {
    const f = await c.req.parseBody();
    const upload = f.upload instanceof File ? f.upload : undefined;
    return attempt(c, async () => c.html(importPreviewPage(await draftOf({ text: str(f.text), url: str(f.url), upload }), guard.csrf(c))), (m, s) =>
      c.html(importPage(guard.csrf(c), m, { text: str(f.text), url: str(f.url) }), s),
    );
  });
  app.post('/admin/import/save', async (c) => {
    const f = await c.req.parseBody();
    const [file, text] = [str(f.file), str(f.text)];
    return attempt(c, async () => back(c, workMsg.savedFile((await actions.writeNote(file, text, 'create')).file)), (m, s) => editOf(c, file, text, true, m, s));
  });
}
