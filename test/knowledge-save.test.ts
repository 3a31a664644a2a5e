import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderFaqNote } from '../src/admin/faq.js';
import { createKnowledgeFiles } from '../src/admin/knowledge-files.js';
import { buildKnowledgeBase } from '../src/knowledge/base.js';
import { readKnowledgeFiles } from '../src/knowledge/load.js';
import { parseKnowledgeFile } from '../src/knowledge/parse.js';
import { policyNote, tempDir } from './support/tmp.js';

const BODY = 'Quỹ Trợ vốn CNVCLĐ nghèo Thủ đô cho đoàn viên công đoàn vay vốn không lãi để phát triển kinh tế gia đình và tạo việc làm.';
const problems = (file: string, text: string) => {
  const r = parseKnowledgeFile({ file, text });
  return r.ok ? [] : r.problems.map((p) => `${p.line}: ${p.message}`);
};
const ENGLISH_OR_ZOD = /Invalid|expected|received|Đầu vào không hợp lệ|mong đợi|nhận được|Tabs are/;

describe('frontmatter written and read back', () => {
  it('keeps a question with " --- " on one line and U+FFFD in an answer', () => {
    const question = `${'a'.repeat(72)} --- ${'b'.repeat(90)}`;
    const answer = 'Công đoàn cơ sở hỗ trợ \uFFFD công nhân ca đêm đăng ký tại tổ công đoàn.';
    const text = renderFaqNote({ title: 'Áo mưa ca đêm', questions: [question, 'x'.repeat(300)], answer, author: 'Chị Lan', date: '2026-12-02' });
    expect(text.split('\n').filter((l) => l.trim() === '---')).toHaveLength(2);
    const r = parseKnowledgeFile({ file: 'faq/ao-mua.md', text });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.questions).toEqual([question, 'x'.repeat(300)]);
    expect(r.doc.passages[0]?.text).toContain('\uFFFD');
  });
  it('a " ---" that is not at column 0 does not close the frontmatter', () => {
    const text = `---\ntitle: "Vay"\nquestions:\n  - "vay"\n  ---\ndate: "2024"\nauthor: "A"\n---\nTrả lời.\n`;
    // The indented `---` is inside the YAML (a syntax problem there), not the end of the frontmatter.
    expect(problems('faq/a.md', text)[0]).toMatch(/^5: lỗi cú pháp YAML/);
  });
  it('invalid UTF-8 bytes are found by the loader, and named', async () => {
    const t = tempDir();
    try {
      writeFileSync(path.join(t.dir, 'x.md'), '');
      const dir = path.join(t.dir, 'policies');
      (await import('node:fs')).mkdirSync(dir);
      writeFileSync(path.join(dir, 'bad.md'), Buffer.concat([Buffer.from(policyNote('Vay', BODY)), Buffer.from([0xff, 0xfe])]));
      writeFileSync(path.join(dir, 'fffd.md'), policyNote('Vay lãi \uFFFD', BODY));
      const kb = buildKnowledgeBase(await readKnowledgeFiles(t.dir));
      expect(kb.problems.filter((p) => p.file.startsWith('policies/')).map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual(['policies/bad.md:1: tệp không phải UTF-8 hợp lệ']);
      expect(kb.docs.map((d) => d.file)).toContain('policies/fffd.md');
    } finally {
      t.cleanup();
    }
  });
});

describe('knowledge errors: the real line, in Vietnamese', () => {
  it('a tab in the YAML on line 7 is reported at line 7', () => {
    const text = `---\ntitle: "Vay"\ndate: "2024-06"\nsource: "LĐLĐ"\ntopics: [vay-von]\nbased_on:\n\t- articles/a.md\n---\n${BODY}\n`;
    const [p] = problems('policies/a.md', text);
    expect(p).toMatch(/^7: lỗi cú pháp YAML: .*Tab/);
    expect(p).not.toMatch(ENGLISH_OR_ZOD);
  });
  it('zod issues read as an officer would write them', () => {
    const text = `---\ntitle: 12\ndate: "2024"\ntopics: [tien]\nbased_on: "a.md"\nsoure: "x"\n---\n${BODY}\n`;
    const ps = problems('policies/a.md', text);
    expect(ps).toEqual(
      expect.arrayContaining([
        '2: trường "title": phải là chữ, đặt trong dấu nháy kép',
        "2: trường \"source\": thiếu trường này",
        expect.stringMatching(/^4: trường "topics.0": phải là một trong: vay-von, /),
        '5: trường "based_on": phải là danh sách, ví dụ [a, b]',
        expect.stringMatching(/^6: trường "soure": trường này không được dùng ở đây/),
      ]),
    );
    for (const p of ps) expect(p).not.toMatch(ENGLISH_OR_ZOD);
  });
  it('impossible dates are rejected, real ones accepted', () => {
    expect(problems('policies/a.md', policyNote('Vay', BODY).replace('"2024-06"', '"2031-02-30"'))).toEqual(['3: trường "date": ngày này không có trên lịch']);
    expect(problems('policies/a.md', policyNote('Vay', BODY).replace('"2024-06"', '"2023-02-29"'))).toHaveLength(1);
    expect(problems('policies/a.md', policyNote('Vay', BODY).replace('"2024-06"', '"2024-02-29"'))).toEqual([]);
  });
});

describe('duplicate titles', () => {
  it('the file whose path sorts first (code-unit order) wins, whatever the input order', () => {
    const files = [
      { file: 'policies/vay.md', text: policyNote('Vay vốn', BODY) },
      { file: 'faq/vay.md', text: `---\ntitle: "Vay vốn"\nquestions: ["vay"]\ndate: "2024"\nauthor: "A"\n---\n${BODY}\n` },
      { file: 'policies/Vay.md', text: policyNote('Vay vốn', BODY) },
    ];
    const a = buildKnowledgeBase(files);
    const b = buildKnowledgeBase([...files].reverse());
    expect(a.docs.map((d) => d.file)).toEqual(['faq/vay.md']);
    expect(b.docs.map((d) => d.file)).toEqual(['faq/vay.md']);
    expect(a.problems.map((p) => p.file)).toEqual(['policies/Vay.md', 'policies/vay.md']);
  });
});

describe('knowledge file writes', () => {
  let t: { dir: string; cleanup(): void };
  afterEach(() => t?.cleanup());

  it('creates exclusively: of ten concurrent creates one wins, the rest are refused', async () => {
    t = tempDir();
    const files = createKnowledgeFiles({ knowledgeDir: path.join(t.dir, 'kb'), dataDir: path.join(t.dir, 'data') });
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => files.create('faq/a.md', `v${i}`)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
    expect(await files.read('faq/a.md')).toMatch(/^v\d$/);
  });
  it('replace keeps the previous version; remove moves to the trash and restore puts it back', async () => {
    t = tempDir();
    const files = createKnowledgeFiles({ knowledgeDir: path.join(t.dir, 'kb'), dataDir: path.join(t.dir, 'data') });
    await files.create('faq/a.md', 'one');
    await files.replace('faq/a.md', 'two');
    await files.replace('faq/a.md', 'three');
    const versions = await files.history('faq/a.md');
    expect(await Promise.all(versions.map((v) => files.version('faq/a.md', v.id)))).toEqual(['two', 'one']);
    const id = await files.remove('faq/a.md');
    expect(await files.read('faq/a.md')).toBeUndefined();
    expect((await files.trash()).map((x) => x.file)).toEqual(['faq/a.md']);
    expect(await files.restore(id)).toBe('faq/a.md');
    expect(await files.read('faq/a.md')).toBe('three');
    expect(await files.trash()).toEqual([]);
  });
  it('refuses every name outside the knowledge folder', async () => {
    t = tempDir();
    const files = createKnowledgeFiles({ knowledgeDir: path.join(t.dir, 'kb'), dataDir: path.join(t.dir, 'data') });
    for (const bad of ['../x.md', 'faq/../../x.md', '/etc/passwd', 'faq/.hidden.md', 'faq/a.txt', 'faq\\..\\..\\x.md', 'faq//a.md', '', 'faq/%2e%2e/a.md'.replace('%2e%2e', '..')]) {
      await expect(files.create(bad, 'x')).rejects.toMatchObject({ status: 400 });
      await expect(files.read(bad)).rejects.toMatchObject({ status: 400 });
    }
    await expect(files.version('faq/a.md', '../../x')).rejects.toMatchObject({ status: 400 });
    await expect(files.restore('../x')).rejects.toMatchObject({ status: 400 });
  });
});
