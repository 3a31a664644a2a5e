import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { KNOWLEDGE_DIR, ROOT } from '../support/knowledge.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { tempCopy } from '../support/tmp.js';

const TOKEN = 'admin-token-0123456789abcdef';
const SEED = readFileSync(path.join(ROOT, 'test/fixtures/import/004_f3280824a753b431.txt'), 'utf8');
const NOTE = (title: string, body = 'Công đoàn cơ sở bố trí xe đưa đón công nhân ca đêm về khu nhà trọ an toàn mỗi tối.') =>
  `---\ntitle: "${title}"\ndate: "2024-06"\nsource: "LĐLĐ thành phố Hà Nội"\ntopics: [ho-tro]\nbased_on: [articles/a.md]\n---\n\n${body}\n`;
const TRAVERSAL = ['../escape.md', 'policies/../../escape.md', '/etc/passwd', '..\\escape.md', 'policies/.hidden.md', 'policies/x.txt', 'policies//x.md', '', 'policies/\u0000.md', `${'a/'.repeat(200)}x.md`];

describe('the officers’ workbench: knowledge, import, try', () => {
  let app: TestApp;
  let kb: { dir: string; cleanup(): void };
  let web: Server;
  let webUrl: string;
  beforeAll(async () => {
    web = createServer((req, res) => {
      if (req.url === '/bai.html') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<html><head><title>Bài</title></head><body><article><h1>Khám sức khỏe miễn phí cho công nhân Đông Anh</h1>${'<p>LĐLĐ huyện Đông Anh tổ chức khám sức khỏe miễn phí cho 300 công nhân lao động tại khu công nghiệp Thăng Long, mỗi người được khám tổng quát.</p>'.repeat(3)}</article></body></html>`);
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => web.close(r));
  });
  beforeEach(async () => {
    kb = tempCopy(KNOWLEDGE_DIR);
    app = await startTestApp({ KNOWLEDGE_DIR: kb.dir, ADMIN_TOKEN: TOKEN });
  });
  afterEach(async () => {
    await app.stop();
    kb.cleanup();
  });

  const api = (p: string, body?: unknown, token: string | null = TOKEN) =>
    fetch(`${app.url}/admin/api${p}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const signIn = async () => {
    const login = await fetch(`${app.url}/admin/login`, { method: 'POST', body: new URLSearchParams({ token: TOKEN }), redirect: 'manual' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const page = await (await fetch(`${app.url}/admin/knowledge`, { headers: { cookie } })).text();
    return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(page)![1]! };
  };
  const form = (p: string, s: { cookie: string }, fields: Record<string, string> | FormData) =>
    fetch(`${app.url}${p}`, { method: 'POST', headers: { cookie: s.cookie }, body: fields instanceof FormData ? fields : new URLSearchParams(fields), redirect: 'manual' });

  it('every new API route wants the Bearer token, every page a session, every form its CSRF token', async () => {
    for (const [p, body] of [['/knowledge', undefined], ['/knowledge/file?path=policies/tet.md', undefined], ['/knowledge', { file: 'policies/x.md', text: NOTE('X') }], ['/knowledge/validate', { file: 'a.md', text: '' }], ['/knowledge/delete', { file: 'policies/tet.md' }], ['/knowledge/trash', undefined], ['/knowledge/restore', { id: 'x' }], ['/knowledge/restore-version', { file: 'policies/tet.md', id: 'x' }], ['/import', { text: SEED }], ['/try', { question: 'vay vốn' }]] as const) {
      // Refused either way: 401, or 429 once the sign-in limiter has counted five wrong tokens from this client.
      expect([401, 429], p).toContain((await api(p, body, null)).status);
      expect([401, 429], p).toContain((await api(p, body, 'wrong-token-0123456789')).status);
    }
    for (const p of ['/admin/knowledge', '/admin/knowledge/edit?file=policies/tet.md', '/admin/knowledge/new?kind=faq', '/admin/import', '/admin/try?question=vay']) {
      const r = await fetch(`${app.url}${p}`, { redirect: 'manual' });
      expect([r.status, r.headers.get('location')], p).toEqual([303, '/admin/login']);
    }
    const s = await signIn();
    for (const p of ['/admin/knowledge/save', '/admin/knowledge/create', '/admin/knowledge/delete', '/admin/knowledge/restore', '/admin/knowledge/validate', '/admin/import', '/admin/import/save']) {
      expect((await form(p, s, { csrf: 'forged', file: 'policies/tet.md', text: NOTE('X') })).status, p).toBe(403);
    }
    expect(existsSync(path.join(kb.dir, 'policies/tet.md'))).toBe(true);
  });

  it('no name reaches outside knowledge/, through any route', async () => {
    // A file beside the knowledge folder, in a folder of this test only (kb.dir/policies is the knowledge root's child).
    const outside = path.join(kb.dir, '..', `escape-${path.basename(kb.dir)}.md`);
    writeFileSync(outside, 'outside');
    onTestFinished(() => rmSync(outside, { force: true }));
    const s = await signIn();
    for (const bad of TRAVERSAL) {
      const res = await api(`/knowledge/file?path=${encodeURIComponent(bad)}`);
      expect([res.status, await res.text()], bad).toEqual([400, expect.any(String)]);
      expect((await api('/knowledge', { file: bad, text: NOTE('Thoát') })).status, bad).toBe(400);
      expect((await api('/knowledge', { file: bad, text: NOTE('Thoát'), replace: true })).status, bad).toBe(400);
      expect((await api('/knowledge/delete', { file: bad })).status, bad).toBe(400);
      expect((await api('/knowledge/restore-version', { file: bad, id: '0000000000001-abcdef12' })).status, bad).toBe(400);
      expect((await form('/admin/knowledge/save', s, { csrf: s.csrf, file: bad, text: NOTE('Thoát') })).status, bad).toBe(400);
      expect((await fetch(`${app.url}/admin/knowledge/edit?file=${encodeURIComponent(bad)}`, { headers: { cookie: s.cookie } })).status, bad).toBe(400);
    }
    expect((await api('/knowledge/restore', { id: '../../escape' })).status).toBe(400);
    expect(readFileSync(outside, 'utf8')).toBe('outside');
    expect(existsSync(path.join(kb.dir, '..', 'escape.md'))).toBe(false);
  });

  it('lists every file with kind, title, date, paragraphs and status (good, problem at file:line, previous version)', async () => {
    writeFileSync(path.join(kb.dir, 'policies/hong.md'), '---\ntitle: "Hỏng"\ndate: "2031-02-30"\n---\nx\n');
    await api('/reload', {});
    const rows = (await (await api('/knowledge')).json()) as { file: string; kind: string; title: string; paragraphs: number; status: string; problems: { line: number; message: string }[] }[];
    expect(rows.find((r) => r.file === 'policies/tet.md')).toMatchObject({ kind: 'policy', status: 'good', problems: [] });
    expect(rows.find((r) => r.file === 'policies/tet.md')!.paragraphs).toBeGreaterThan(0);
    expect(rows.find((r) => r.file === 'policies/hong.md')).toMatchObject({ status: 'problem', problems: expect.arrayContaining([{ line: 3, message: 'trường "date": ngày này không có trên lịch' }]) });
    const s = await signIn();
    const page = await (await fetch(`${app.url}/admin/knowledge`, { headers: { cookie: s.cookie } })).text();
    expect(page).toContain('policies/hong.md:3');
  });

  it('creates, refuses a bad save with its line (file unchanged), replaces with history, deletes to the trash and restores', async () => {
    expect(await (await api('/knowledge', { file: 'policies/xe.md', text: NOTE('Xe đưa đón ca đêm') })).json()).toEqual({ file: 'policies/xe.md' });
    expect((await api('/knowledge', { file: 'policies/xe.md', text: NOTE('Xe đưa đón ca đêm') })).status).toBe(409);
    const good = readFileSync(path.join(kb.dir, 'policies/xe.md'), 'utf8');
    const bad = await api('/knowledge', { file: 'policies/xe.md', text: good.replace('topics: [ho-tro]', 'topics: [ho-tro\n  tet'), replace: true });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^policies\/xe\.md:5: lỗi cú pháp YAML/);
    expect(readFileSync(path.join(kb.dir, 'policies/xe.md'), 'utf8')).toBe(good);
    const validation = (await (await api('/knowledge/validate', { file: 'policies/xe.md', text: good.replace('"2024-06"', '"2024-13"') })).json()) as { ok: boolean; problems: string[] };
    expect(validation).toEqual({ ok: false, problems: ['policies/xe.md:3: trường "date": ngày phải có dạng YYYY-MM-DD, YYYY-MM hoặc YYYY'] });
    const taken = await api('/knowledge', { file: 'policies/xe-2.md', text: NOTE('Xe đưa đón ca đêm') });
    expect(((await taken.json()) as { error: string }).error).toMatch(/tiêu đề trùng với policies\/xe\.md/);

    const v2 = NOTE('Xe đưa đón ca đêm', 'Bản hai: công đoàn cơ sở bố trí xe đưa đón công nhân ca đêm, đăng ký với tổ công đoàn trước thứ Sáu.');
    expect((await api('/knowledge', { file: 'policies/xe.md', text: v2, replace: true })).status).toBe(200);
    const detail = (await (await api('/knowledge/file?path=policies/xe.md')).json()) as { text: string; status: string; history: { id: string }[] };
    expect(detail).toMatchObject({ text: v2, status: 'good' });
    expect(detail.history).toHaveLength(1);
    expect((await api('/knowledge/restore-version', { file: 'policies/xe.md', id: detail.history[0]!.id })).status).toBe(200);
    expect(readFileSync(path.join(kb.dir, 'policies/xe.md'), 'utf8')).toBe(good);

    const { trash } = (await (await api('/knowledge/delete', { file: 'policies/xe.md' })).json()) as { trash: string };
    expect(existsSync(path.join(kb.dir, 'policies/xe.md'))).toBe(false);
    expect(existsSync(path.join(app.dataDir, 'knowledge-trash', trash, 'policies/xe.md'))).toBe(true);
    expect(((await (await api('/knowledge')).json()) as { file: string }[]).map((r) => r.file)).not.toContain('policies/xe.md');
    expect(await (await api('/knowledge/restore', { id: trash })).json()).toEqual({ file: 'policies/xe.md' });
    expect(readFileSync(path.join(kb.dir, 'policies/xe.md'), 'utf8')).toBe(good);
    expect(await (await api('/knowledge/trash')).json()).toEqual([]);
  });

  it('edits through the pages: a mistake is refused with its line and the file stays; the fix saves', async () => {
    const s = await signIn();
    const file = 'policies/tet.md';
    const before = readFileSync(path.join(kb.dir, file), 'utf8');
    const editor = await (await fetch(`${app.url}/admin/knowledge/edit?file=${file}`, { headers: { cookie: s.cookie } })).text();
    expect(editor).toContain('data-validate="/admin/knowledge/validate"');
    const live = (await (await form('/admin/knowledge/validate', s, { csrf: s.csrf, file, text: before.replace('\ntopics:', '\n\ttopics:') })).json()) as { ok: boolean; problems: string[] };
    expect(live.ok).toBe(false);
    const refused = await form('/admin/knowledge/save', s, { csrf: s.csrf, file, text: before.replace(/^title: .*$/m, 'title: ') });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/policies\/tet\.md:2: trường &quot;title&quot;/);
    expect(readFileSync(path.join(kb.dir, file), 'utf8')).toBe(before);
    const fixed = before.replace(/\n\n/, '\n\nCông đoàn các cấp tặng quà Tết cho đoàn viên khó khăn.\n\n');
    const ok = await form('/admin/knowledge/save', s, { csrf: s.csrf, file, text: fixed });
    expect(ok.status).toBe(303);
    expect(readFileSync(path.join(kb.dir, file), 'utf8')).toBe(fixed);
    const created = await form('/admin/knowledge/create', s, { csrf: s.csrf, file: 'faq/ao-mua.md', text: `---\ntitle: "Áo mưa ca đêm"\nquestions: ["có áo mưa không"]\ndate: "2026-12-01"\nauthor: "Chị Lan"\n---\nCó, đăng ký với tổ công đoàn.\n` });
    expect(created.status).toBe(303);
    const template = await (await fetch(`${app.url}/admin/knowledge/new?kind=faq`, { headers: { cookie: s.cookie } })).text();
    expect(template).toMatch(/questions:/);
  });

  it('imports a pasted seed, a URL and an upload; the preview strikes what was removed; saving validates and reloads', async () => {
    const draft = (await (await api('/import', { text: SEED, name: '004.txt' })).json()) as { title: string; markdown: string; removed: number; paragraphs: number; file: string };
    expect(draft).toMatchObject({ title: 'LĐLĐ thị xã Sơn Tây: Đẩy mạnh các hoạt động hướng về cơ sở, vì lợi ích đoàn viên', removed: 66, paragraphs: 13 });
    const fromUrl = (await (await api('/import', { url: `${webUrl}/bai.html` })).json()) as { title: string; source: string };
    expect(fromUrl).toMatchObject({ title: 'Khám sức khỏe miễn phí cho công nhân Đông Anh', source: 'LĐLĐ huyện Đông Anh' });
    const missing = await api('/import', { url: `${webUrl}/khong-co.html` });
    expect([missing.status, ((await missing.json()) as { error: string }).error]).toEqual([400, expect.stringMatching(/máy chủ trả lời mã 404/)]);
    expect(((await (await api('/import', {})).json()) as { error: string }).error).toMatch(/Hãy dán nội dung/);

    const s = await signIn();
    const fd = new FormData();
    fd.set('csrf', s.csrf);
    fd.set('upload', new Blob([SEED], { type: 'text/plain' }), '004_f3280824a753b431.txt');
    const preview = await (await form('/admin/import', s, fd)).text();
    expect(preview).toContain('<del>Có thể bạn quan tâm</del>');
    expect(preview).toContain('Đã bỏ 66 dòng thừa, giữ 13 đoạn nội dung.');
    const pdf = new FormData();
    pdf.set('csrf', s.csrf);
    pdf.set('upload', new Blob(['%PDF'], { type: 'application/pdf' }), 'bai.pdf');
    expect(await (await form('/admin/import', s, pdf)).text()).toContain('Chỉ nhận tệp .html, .htm, .txt hoặc .md.');
    const file = 'articles/son-tay-moi.md';
    const text = draft.markdown.replace(/^title: .*$/m, 'title: "Sơn Tây: bản nhập mới"');
    const saved = await form('/admin/import/save', s, { csrf: s.csrf, file, text });
    expect(saved.status).toBe(303);
    expect(readFileSync(path.join(kb.dir, file), 'utf8')).toBe(text);
    const again = await form('/admin/import/save', s, { csrf: s.csrf, file, text });
    expect(again.status).toBe(409);
    const rows = (await (await api('/knowledge')).json()) as { file: string; status: string }[];
    expect(rows.find((r) => r.file === file)?.status).toBe('good');
  });

  it('Thử câu hỏi: the reply as a worker gets it, its passages, matched words and why', async () => {
    const r = (await (await api('/try', { question: '6 tháng đầu năm 2024 Quỹ Trợ vốn giải ngân bao nhiêu tiền?' })).json()) as Record<string, unknown>;
    expect(Object.keys(r).sort()).toEqual(['confidence', 'matched', 'passages', 'status', 'text', 'unmatched', 'why']);
    expect(r.status).toBe('answer');
    expect(r.text).toMatch(/Nguồn: /);
    expect((r.passages as { file: string }[]).length).toBe(3);
    expect(r.matched).toEqual(expect.arrayContaining(['quỹ', 'vốn']));
    expect(r.why).toMatch(/bot trả lời bằng đoạn trích từ /);
    const off = (await (await api('/try', { question: 'Giá vàng SJC hôm nay thế nào?' })).json()) as { status: string; why: string; unmatched: string[] };
    expect(off.status).not.toBe('answer');
    expect(off.unmatched.length).toBeGreaterThan(0);
    expect((await api('/try', { question: '  ' })).status).toBe(400);
    expect((await api('/try', { q: 'x' })).status).toBe(400);
    const s = await signIn();
    const page = await (await fetch(`${app.url}/admin/try?question=${encodeURIComponent('vay vốn công đoàn')}`, { headers: { cookie: s.cookie } })).text();
    expect(page).toContain('class="card try-result"');
  });
});
