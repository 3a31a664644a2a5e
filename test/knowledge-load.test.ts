import { afterEach, describe, expect, it } from 'vitest';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { buildKnowledgeBase } from '../src/knowledge/base.js';
import { parseKnowledgeFile } from '../src/knowledge/parse.js';
import { readKnowledgeFiles } from '../src/knowledge/load.js';
import { splitPassages } from '../src/knowledge/passages.js';
import { policyNote, tempDir, writeTree } from './support/tmp.js';

const BODY = 'Quỹ Trợ vốn CNVCLĐ nghèo Thủ đô cho đoàn viên công đoàn vay vốn không lãi để phát triển kinh tế gia đình và tạo việc làm.';
const good = policyNote('Vay vốn', BODY);

/** Parses one file and returns its problems as `line: message`. */
function problems(file: string, text: string): string[] {
  const r = parseKnowledgeFile({ file, text });
  return r.ok ? [] : r.problems.map((p) => `${p.line}: ${p.message}`);
}

describe('parseKnowledgeFile', () => {
  it('accepts a valid note and splits it into passages', () => {
    const r = parseKnowledgeFile({ file: 'policies/vay.md', text: good });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc).toMatchObject({ id: 'policies/vay', kind: 'policy', title: 'Vay vốn', date: '2024-06', topics: ['vay-von'] });
    expect(r.doc.passages[0]?.text).toBe(BODY);
  });
  it('no frontmatter → line 1', () => {
    expect(problems('policies/a.md', BODY)).toEqual([expect.stringMatching(/^1: .*frontmatter/)]);
  });
  it('unclosed frontmatter → line 1', () => {
    expect(problems('policies/a.md', '---\ntitle: "x"\n')).toEqual([expect.stringMatching(/^1: .*chưa được đóng/)]);
  });
  it('YAML syntax error → its line', () => {
    const text = good.replace('topics: [vay-von]', 'topics: [vay-von');
    expect(problems('policies/a.md', text)[0]).toMatch(/^\d+: lỗi cú pháp YAML/);
  });
  it('missing field → the field named', () => {
    const text = good.replace('source: "LĐLĐ thành phố Hà Nội"\n', '');
    expect(problems('policies/a.md', text)).toEqual([expect.stringMatching(/trường "source"/)]);
  });
  it('bad date → the line of the date', () => {
    const text = good.replace('date: "2024-06"', 'date: "30/6/2024"');
    expect(problems('policies/a.md', text)).toEqual([expect.stringMatching(/^3: trường "date": ngày phải có dạng/)]);
  });
  it('unknown topic → the line of topics', () => {
    const text = good.replace('[vay-von]', '[vay-von, xo-so]');
    expect(problems('policies/a.md', text)).toEqual([expect.stringMatching(/^5: trường "topics.1"/)]);
  });
  it('unknown key → its line', () => {
    const text = good.replace('---\nQuỹ', 'phone: "0900"\n---\nQuỹ');
    expect(problems('policies/a.md', text)).toEqual([expect.stringMatching(/^7: .*phone/)]);
  });
  it('empty body → the line after the frontmatter', () => {
    expect(problems('policies/a.md', policyNote('Vay', '   '))).toEqual([expect.stringMatching(/^8: nội dung bài trống/)]);
  });
  it('article without origin, FAQ without questions', () => {
    expect(problems('articles/a.md', good)).toEqual(
      expect.arrayContaining([expect.stringMatching(/origin/), expect.stringMatching(/based_on/)]),
    );
    expect(problems('faq/a.md', '---\ntitle: "x"\ndate: "2024"\nauthor: "An"\n---\nTrả lời.\n')).toEqual([
      expect.stringMatching(/questions/),
    ]);
  });
  it('invalid UTF-8 and files outside the known folders', () => {
    const bytes = Buffer.concat([Buffer.from(good.slice(0, 20)), Buffer.from([0xff, 0xfe]), Buffer.from(good.slice(20))]);
    // The loader marks bytes that are not UTF-8 (test/knowledge-save.test.ts reads such a file from disk).
    const r = parseKnowledgeFile({ file: 'policies/a.md', text: new TextDecoder().decode(bytes), invalidUtf8: true });
    expect(r.ok ? [] : r.problems.map((p) => p.message)).toEqual([expect.stringMatching(/UTF-8/)]);
    expect(problems('misc/a.md', good)).toEqual([expect.stringMatching(/articles\/, policies\/ hoặc faq\//)]);
  });
});

describe('buildKnowledgeBase', () => {
  it('skips bad files, keeps the rest, and reports every bad file', () => {
    const kb = buildKnowledgeBase([
      { file: 'policies/good.md', text: good },
      { file: 'policies/bad1.md', text: BODY },
      { file: 'policies/bad2.md', text: good.replace('2024-06', 'tháng 6') },
      { file: 'glossary.yaml', text: 'abbreviations: 3\nchat: []\n' },
    ]);
    expect(kb.docs.map((d) => d.file)).toEqual(['policies/good.md']);
    expect(new Set(kb.problems.map((p) => p.file))).toEqual(new Set(['policies/bad1.md', 'policies/bad2.md', 'glossary.yaml']));
  });
  it('rejects a duplicate title', () => {
    const kb = buildKnowledgeBase([
      { file: 'policies/a.md', text: good },
      { file: 'policies/b.md', text: good },
    ]);
    expect(kb.docs).toHaveLength(1);
    expect(kb.problems[0]).toMatchObject({ file: 'policies/b.md', message: expect.stringMatching(/trùng/) });
  });
  it('keeps the previous good version of a file that became bad', () => {
    const first = buildKnowledgeBase([{ file: 'policies/a.md', text: good }]);
    const second = buildKnowledgeBase([{ file: 'policies/a.md', text: 'broken' }], first);
    expect(second.docs[0]?.title).toBe('Vay vốn');
    expect(second.keptPrevious).toEqual(['policies/a.md']);
    expect(second.problems).toHaveLength(1);
  });
});

describe('splitPassages', () => {
  it('merges short paragraphs, keeps headings, windows long paragraphs at sentence ends', () => {
    const long = Array.from({ length: 30 }, (_, i) => `Câu số ${i} nói về quyền lợi của đoàn viên công đoàn.`).join(' ');
    const ps = splitPassages('d', `## Vay vốn\n\nNgắn.\n\n${BODY}\n\n${long}`);
    expect(ps[0]).toMatchObject({ ref: 'd#0', heading: 'Vay vốn' });
    expect(ps[0]?.text.startsWith('Ngắn. Quỹ')).toBe(true);
    expect(ps.length).toBeGreaterThan(2);
    for (const p of ps.slice(1)) expect(p.text.endsWith('.')).toBe(true);
  });
});

describe('readKnowledgeFiles', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());
  it('reads .md files and the glossary recursively, with relative paths', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    writeTree(t.dir, { 'policies/a.md': good, 'glossary.yaml': 'abbreviations: []\nchat: []\n', 'notes.txt': 'x', '.hidden/b.md': good });
    const files = await readKnowledgeFiles(t.dir);
    expect(files.map((f) => f.file).sort()).toEqual(['glossary.yaml', 'policies/a.md']);
  });
});

describe('readKnowledgeFiles, each file on its own', () => {
  it('names a file over the size limit as a problem, and still loads the others', async () => {
    const t = tempDir();
    try {
      writeTree(t.dir, { 'policies/vay.md': good, 'policies/big.md': policyNote('Lớn', BODY.repeat(40)) });
      const files = await readKnowledgeFiles(t.dir, 2_000);
      const kb = buildKnowledgeBase(files);
      expect(kb.docs.map((d) => d.file)).toEqual(['policies/vay.md']);
      expect(kb.problems.map((p) => p.file)).toEqual(['policies/big.md']);
      expect(kb.problems[0]?.message).toMatch(/tệp quá lớn/);
    } finally {
      t.cleanup();
    }
  });

  it('names a file that cannot be read (a broken link, a link to a folder) with its error, and still loads the others', async () => {
    const t = tempDir();
    try {
      writeTree(t.dir, { 'policies/vay.md': good, 'policies/sub/x.txt': 'x' });
      symlinkSync(path.join(t.dir, 'policies/gone.md'), path.join(t.dir, 'policies/broken.md'));
      symlinkSync(path.join(t.dir, 'policies/sub'), path.join(t.dir, 'policies/folder.md'));
      symlinkSync(path.join(t.dir, 'policies/vay.md'), path.join(t.dir, 'policies/linked.md'));
      const files = await readKnowledgeFiles(t.dir);
      const byFile = new Map(files.map((f) => [f.file, f]));
      expect(byFile.get('policies/broken.md')?.unreadable).toMatch(/không đọc được tệp \(ENOENT\)/);
      expect(byFile.get('policies/folder.md')?.unreadable).toMatch(/không đọc được tệp \(EISDIR\)/);
      expect(byFile.get('policies/linked.md')?.text).toBe(good);
      const kb = buildKnowledgeBase(files.filter((f) => f.file !== 'policies/linked.md'));
      expect(kb.docs.map((d) => d.file)).toEqual(['policies/vay.md']);
      expect(kb.problems.map((p) => p.file).sort()).toEqual(['policies/broken.md', 'policies/folder.md']);
    } finally {
      t.cleanup();
    }
  });
});
