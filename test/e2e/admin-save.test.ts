import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KNOWLEDGE_DIR } from '../support/knowledge.js';
import { textUpdate, type FakeTelegram } from '../support/fake-telegram.js';
import { startTestApp, waitUntil, type TestApp } from '../support/app.js';
import { describePostgres, freshSchema } from '../support/postgres.js';
import { tempCopy } from '../support/tmp.js';
import { ADMIN_TOKEN, startAdminTelegramApp, type AdminTelegramApp } from '../support/admin-app.js';

const TOKEN = ADMIN_TOKEN;
const OFF_TOPIC = 'Giá xăng RON95 tuần này là bao nhiêu?';
const ANSWER = 'Công đoàn không theo dõi giá xăng RON95. Giá xăng do Bộ Công Thương công bố mỗi kỳ điều hành. Bạn xem trên trang của Bộ hoặc hỏi cây xăng gần nhà.';

describe('saving knowledge from the review queue', () => {
  let tg: FakeTelegram;
  let app: TestApp;
  let kb: AdminTelegramApp['kb'];
  let bot: AdminTelegramApp;
  beforeEach(async () => {
    bot = await startAdminTelegramApp();
    ({ tg, app, kb } = bot);
  });
  afterEach(() => bot.stop());

  const api = (p: string, body?: unknown) => bot.api(p, body);
  const ask = (id: number, chat: number, text: string) => bot.hook(textUpdate(id, chat, text));
  const firstGroup = async () => {
    for (let i = 0; i < 200; i++) {
      const groups = (await (await api('/review')).json()) as { id: number }[];
      if (groups[0]) return groups[0].id;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('no review item');
  };
  const faqFiles = () => (existsSync(path.join(kb.dir, 'faq')) ? readdirSync(path.join(kb.dir, 'faq')).filter((f) => f.endsWith('.md')) : []);

  it('ten concurrent saves with one title: one file created, the rest refused clearly, no 500', async () => {
    await ask(1, 501, OFF_TOPIC);
    const id = await firstGroup();
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => api(`/review/${id}/knowledge`, { answer: `${ANSWER} (${i})` })));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { file?: string; error?: string }[];
    const refused = bodies.filter((b) => b.error);
    for (const b of refused) expect(b.error).toMatch(/Đã có ghi chú faq\/gia-xang-ron95-tuan-nay-la-bao-nhieu\.md với tiêu đề này/);
    expect(faqFiles()).toEqual(['gia-xang-ron95-tuan-nay-la-bao-nhieu.md']);
    const saved = bodies.find((b) => b.file)!;
    const n = /\((\d)\)/.exec(readFileSync(path.join(kb.dir, saved.file!), 'utf8'))?.[1];
    expect(n).toMatch(/^\d$/);
  });

  it('a title that exists is refused, or replaces that very file when asked; the old version is kept', async () => {
    await ask(2, 502, OFF_TOPIC);
    const id = await firstGroup();
    expect((await api(`/review/${id}/knowledge`, { answer: 'Bản một.' })).status).toBe(200);
    const again = await api(`/review/${id}/knowledge`, { answer: 'Bản hai.' });
    expect(again.status).toBe(409);
    const replaced = await api(`/review/${id}/knowledge`, { answer: 'Bản hai.', replace: true });
    expect(await replaced.json()).toEqual({ file: 'faq/gia-xang-ron95-tuan-nay-la-bao-nhieu.md' });
    expect(faqFiles()).toEqual(['gia-xang-ron95-tuan-nay-la-bao-nhieu.md']);
    expect(readFileSync(path.join(kb.dir, 'faq/gia-xang-ron95-tuan-nay-la-bao-nhieu.md'), 'utf8')).toContain('Bản hai.');
    const history = readdirSync(path.join(app.dataDir, 'knowledge-history/faq/gia-xang-ron95-tuan-nay-la-bao-nhieu.md'));
    expect(history).toHaveLength(1);
    expect(readFileSync(path.join(app.dataDir, 'knowledge-history/faq/gia-xang-ron95-tuan-nay-la-bao-nhieu.md', history[0]!), 'utf8')).toContain('Bản một.');
  });

  it('the title of a policy note is refused with its file named; the policy note stays', async () => {
    await ask(3, 503, OFF_TOPIC);
    const id = await firstGroup();
    const title = 'Vay vốn từ Quỹ Trợ vốn CNVCLĐ nghèo Thủ đô';
    const res = await api(`/review/${id}/knowledge`, { answer: 'Khác.', title, replace: true });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/tiêu đề trùng với policies\/quy-tro-von\.md/);
    const health = (await (await fetch(`${app.url}/healthz`)).json()) as { knowledge: { problems: number } };
    expect(health.knowledge.problems).toBe(0);
  });

  it('saves a question with " --- " in it and U+FFFD in the answer', async () => {
    const question = `${'a'.repeat(72)} --- ${'b'.repeat(90)}`;
    await ask(4, 504, question);
    const id = await firstGroup();
    const res = await api(`/review/${id}/knowledge`, { answer: 'Ký tự lạ \uFFFD vẫn được lưu nguyên.' });
    expect(res.status).toBe(200);
    const { file } = (await res.json()) as { file: string };
    const text = readFileSync(path.join(kb.dir, file), 'utf8');
    expect(text).toContain(`"${question}"`);
    expect(text).toContain('\uFFFD');
  });

  it('reply and save in one action; the next worker gets the whole short FAQ', async () => {
    await ask(5, 505, OFF_TOPIC);
    const id = await firstGroup();
    const bad = await api(`/review/${id}/reply-and-save`, { text: '   ' });
    expect(bad.status).toBe(400);
    const res = await api(`/review/${id}/reply-and-save`, { text: ANSWER, questions: ['giá xăng hôm nay'] });
    expect(await res.json()).toEqual({ sent: 1, file: 'faq/gia-xang-ron95-tuan-nay-la-bao-nhieu.md' });
    const reply = await tg.waitFor(() => tg.sent().filter((c) => c.body.chat_id === '505')[1]);
    expect(String(reply.body.text)).toContain('Công đoàn không theo dõi giá xăng RON95');
    const item = (await (await api(`/review/${id}`)).json()) as { status: string; replies: { text: string }[] };
    expect(item).toMatchObject({ status: 'answered', replies: [{ text: ANSWER }] });
    await ask(6, 506, OFF_TOPIC);
    const answer = await tg.waitFor(() => tg.sent().find((c) => c.body.chat_id === '506'));
    // All three sentences, not only the first one.
    expect(String(answer.body.text)).toContain(ANSWER);
  });

  it('reply and save through the form: CSRF checked, one submit does both', async () => {
    await ask(7, 507, OFF_TOPIC);
    const id = await firstGroup();
    const login = await fetch(`${app.url}/admin/login`, { method: 'POST', body: new URLSearchParams({ token: TOKEN }), redirect: 'manual' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const forged = await fetch(`${app.url}/admin/review/${id}/reply-and-save`, { method: 'POST', headers: { cookie }, body: new URLSearchParams({ csrf: 'x', text: ANSWER }), redirect: 'manual' });
    expect(forged.status).toBe(403);
    expect(faqFiles()).toEqual([]);
    const page = await (await fetch(`${app.url}/admin/review/${id}`, { headers: { cookie } })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
    const ok = await fetch(`${app.url}/admin/review/${id}/reply-and-save`, { method: 'POST', headers: { cookie }, body: new URLSearchParams({ csrf, text: ANSWER, title: OFF_TOPIC }), redirect: 'manual' });
    expect(ok.status).toBe(303);
    expect(decodeURIComponent(ok.headers.get('location')!)).toMatch(/Đã gửi trả lời tới 1 người hỏi và lưu faq\//);
    expect(faqFiles()).toHaveLength(1);
  });
});

describePostgres('saving knowledge with PostgreSQL: the other replica gets the note', () => {
  it('a note saved through replica A is written into replica B’s folder and answered there; deleted and restored through B, it goes and comes back on A', async () => {
    const schema = await freshSchema('save');
    const kbA = tempCopy(KNOWLEDGE_DIR);
    const kbB = tempCopy(KNOWLEDGE_DIR);
    const env = { ADMIN_TOKEN: TOKEN, DATABASE_URL: schema.url };
    const a = await startTestApp({ ...env, KNOWLEDGE_DIR: kbA.dir });
    const b = await startTestApp({ ...env, KNOWLEDGE_DIR: kbB.dir });
    try {
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
      const id = await a.store.addReviewItem({ key: 'xe dua don ca dem', question: 'Có xe đưa đón ca đêm không?', reason: 'decline', channel: 'telegram', chatId: '1', userId: '1', at: Date.now() });
      const files = async (app: TestApp) => ((await (await fetch(`${app.url}/healthz`)).json()) as { knowledge: { files: number } }).knowledge.files;
      const before = await files(b);
      const res = await fetch(`${a.url}/admin/api/review/${id}/knowledge`, { method: 'POST', headers, body: JSON.stringify({ answer: 'Công đoàn cơ sở bố trí xe đưa đón công nhân ca đêm về khu nhà trọ.' }) });
      expect(await res.json()).toEqual({ file: 'faq/co-xe-dua-don-ca-dem-khong.md' });
      await waitUntil(() => existsSync(path.join(kbB.dir, 'faq/co-xe-dua-don-ca-dem-khong.md')));
      expect(readFileSync(path.join(kbB.dir, 'faq/co-xe-dua-don-ca-dem-khong.md'), 'utf8')).toBe(readFileSync(path.join(kbA.dir, 'faq/co-xe-dua-don-ca-dem-khong.md'), 'utf8'));
      await waitUntil(async () => (await files(b)) === before + 1);

      // Deleted through replica B (into its trash): replica A removes its copy too, and restoring brings it back.
      const del = await fetch(`${b.url}/admin/api/knowledge/delete`, { method: 'POST', headers, body: JSON.stringify({ file: 'faq/co-xe-dua-don-ca-dem-khong.md' }) });
      expect(del.status).toBe(200);
      const { trash } = (await del.json()) as { trash: string };
      await waitUntil(() => !existsSync(path.join(kbA.dir, 'faq/co-xe-dua-don-ca-dem-khong.md')));
      await waitUntil(async () => (await files(a)) === before);
      const restored = await fetch(`${b.url}/admin/api/knowledge/restore`, { method: 'POST', headers, body: JSON.stringify({ id: trash }) });
      expect(restored.status).toBe(200);
      await waitUntil(() => existsSync(path.join(kbA.dir, 'faq/co-xe-dua-don-ca-dem-khong.md')));
      await waitUntil(async () => (await files(a)) === before + 1);
    } finally {
      await a.stop();
      await b.stop();
      kbA.cleanup();
      kbB.cleanup();
      await schema.drop();
    }
  });
});
