import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArticle } from '../src/import/article.js';
import { cleanText } from '../src/import/clean.js';
import { fetchArticle, ImportError } from '../src/import/fetch.js';
import { parseKnowledgeFile } from '../src/knowledge/parse.js';
import { ROOT } from './support/knowledge.js';
import { tempDir } from './support/tmp.js';

const FIXTURES = path.join(ROOT, 'test/fixtures/import');
const seed = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const NOW = Date.parse('2026-12-01T00:00:00Z');

/** The figures reported in the README ("Importing an article"): non-empty lines, noise removed, paragraphs kept. */
const FIGURES = {
  '000_0672fb4971648daf.txt': { lines: 43, removed: 33, paragraphs: 9, headings: 0 },
  '001_4125953ab11b3526.txt': { lines: 40, removed: 32, paragraphs: 7, headings: 0 },
  '002_7c9c1ed453cfbedb.txt': { lines: 73, removed: 60, paragraphs: 12, headings: 0 },
  '003_98cfe371971aba90.txt': { lines: 23, removed: 4, paragraphs: 18, headings: 0 },
  '004_f3280824a753b431.txt': { lines: 82, removed: 66, paragraphs: 13, headings: 2 },
};

describe('the text cleaner on the seed files', () => {
  for (const name of ['000_0672fb4971648daf.txt', '004_f3280824a753b431.txt']) {
    it(`${name}: keeps exactly the hand-made expected paragraphs and headings`, () => {
      const expected = seed(name.replace('.txt', '.expected.txt')).trimEnd().split('\n');
      const got = cleanText(seed(name)).blocks.map((b) => (b.kind === 'heading' ? `## ${b.text}` : b.text));
      expect(got).toEqual(expected);
    });
  }
  for (const [name, f] of Object.entries(FIGURES)) {
    it(`${name}: ${f.removed} noise lines removed, ${f.paragraphs} paragraphs kept, and the draft is a valid article`, () => {
      const d = importArticle(seed(name), { origin: name, now: NOW });
      expect({ lines: d.lines.length, removed: d.removed, paragraphs: d.paragraphs, headings: d.lines.filter((l) => l.role === 'heading').length }).toEqual(f);
      // No related-news or counter text survives; every kept line is a line of the input.
      for (const noise of ['Có thể bạn quan tâm', 'Tin khác', 'Nên xem', 'Xem thêm', 'Phiên bản di động', '![]()', '(Ảnh:']) expect(d.markdown).not.toContain(noise);
      const parsed = parseKnowledgeFile({ file: d.file, text: d.markdown });
      expect(parsed.ok ? [] : parsed.problems).toEqual([]);
    });
  }
  it('finds the date in a byline, and estimates it (marked) otherwise; suggests the source and topics', () => {
    const found = importArticle(seed('003_98cfe371971aba90.txt'), { origin: 'x.txt', now: NOW });
    expect(found).toMatchObject({ title: 'Hà Nội: Huy động nguồn lực để chăm lo Tết cho đoàn viên, người lao động', date: '2022-12-03', dateEstimated: false, source: 'LĐLĐ thành phố Hà Nội' });
    expect(found.topics).toContain('tet');
    expect(found.markdown).not.toContain('date_estimated');
    const estimated = importArticle(seed('004_f3280824a753b431.txt'), { origin: 'x.txt', now: NOW });
    expect(estimated).toMatchObject({ date: '2024-05', dateEstimated: true, source: 'LĐLĐ thị xã Sơn Tây', file: 'articles/ldld-thi-xa-son-tay-day-manh-cac-hoat-dong-huong-ve-co-so-vi.md' });
    expect(estimated.markdown).toMatch(/^date_estimated: true$/m);
    expect(estimated.topics).toContain('vay-von');
  });
  it('refuses a text with no article in it', () => {
    expect(() => importArticle('Có thể bạn quan tâm\nTin khác\n', { origin: 'x.txt', now: NOW })).toThrow(ImportError);
    expect(() => importArticle('<html><body><nav>Trang chủ</nav></body></html>', { origin: 'x.html', now: NOW })).toThrow(/Không tìm thấy bài viết/);
  });
});

const LONG = 'Công đoàn cơ sở phối hợp doanh nghiệp tổ chức khám sức khỏe miễn phí cho công nhân lao động trong khu công nghiệp, mỗi người được khám tổng quát và tư vấn dinh dưỡng.';
const PAGE = `<!doctype html><html><head><title>Khám sức khỏe miễn phí cho công nhân - Báo Lao động Thủ đô</title>
<meta property="og:site_name" content="Lao động Thủ đô"><meta property="article:published_time" content="2024-06-15T08:00:00+07:00"></head>
<body><nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/cong-doan">Công đoàn</a></li></ul></nav>
<article><h1>Khám sức khỏe miễn phí cho công nhân</h1><p>${LONG}</p>
<figure><img src="a.jpg"><figcaption>Công nhân được khám sức khỏe. (Ảnh: Minh Anh)</figcaption></figure>
<p>${LONG.replace('khám tổng quát', 'đo huyết áp')} Chương trình kéo dài ba ngày.</p><p>${LONG.replace('tư vấn dinh dưỡng', 'siêu âm')} LĐLĐ quận Hai Bà Trưng chủ trì.</p></article>
<aside><h3>Tin khác</h3><ul><li><a href="/1">Giá vàng hôm nay</a></li></ul></aside><footer>Bản quyền</footer></body></html>`;

describe('HTML pages through Readability on linkedom', () => {
  it('keeps the article paragraphs, drops navigation, caption and related news, takes the page date', () => {
    const d = importArticle(PAGE, { origin: 'https://example.org/kham.html', now: NOW });
    expect(d.title).toBe('Khám sức khỏe miễn phí cho công nhân');
    expect(d.paragraphs).toBe(3);
    expect(d.date).toBe('2024-06-15');
    expect(d.source).toBe('LĐLĐ quận Hai Bà Trưng');
    expect(d.markdown).not.toMatch(/Trang chủ|Ảnh: Minh Anh|Giá vàng|Bản quyền/);
    expect(d.lines.some((l) => l.reason === 'caption')).toBe(true);
  });
});

describe('fetching a page', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/page') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      if (req.url === '/missing') return res.writeHead(404).end('no');
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('x'.repeat(70_000));
      }
      if (req.url === '/pdf') return res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF');
      if (req.url === '/hang') return void res.writeHead(200, { 'content-type': 'text/html' });
      res.writeHead(500).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('reads a page and says in Vietnamese why one cannot be read', async () => {
    expect(await fetchArticle(`${base}/page`)).toContain('Khám sức khỏe miễn phí');
    await expect(fetchArticle(`${base}/missing`)).rejects.toThrow(/Không đọc được .*máy chủ trả lời mã 404/);
    await expect(fetchArticle(`${base}/big`, { timeoutMs: 5000, maxBytes: 64 * 1024 })).rejects.toThrow(/trang lớn hơn/);
    await expect(fetchArticle(`${base}/pdf`)).rejects.toThrow(/không phải văn bản/);
    await expect(fetchArticle(`${base}/hang`, { timeoutMs: 300, maxBytes: 1024 })).rejects.toThrow(/không trả lời sau/);
    await expect(fetchArticle('ftp://example.org/a')).rejects.toThrow(/http:\/\/ hoặc https:\/\//);
    await expect(fetchArticle('http://127.0.0.1:1/')).rejects.toThrow(/không kết nối được/);
  });
});

describe('congdoan import', () => {
  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'import', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  it('prints the draft, writes it with --out (never over a file), and fails clearly on a bad input', () => {
    const file = path.join(FIXTURES, '001_4125953ab11b3526.txt');
    const printed = cli([file]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(/^---\ntitle: "Liên đoàn Lao động quận Hoàn Kiếm/);
    const out = tempDir();
    try {
      const written = cli([file, '--out', out.dir]);
      expect(written.code).toBe(0);
      const target = written.stdout.trim();
      expect(target).toBe(path.join(out.dir, 'articles', 'lien-doan-lao-dong-quan-hoan-kiem-day-manh-cham-lo-bao-ve.md'));
      expect(readFileSync(target, 'utf8')).toBe(printed.stdout);
      const again = cli([file, '--out', out.dir]);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/Đã có tệp/);
    } finally {
      out.cleanup();
    }
    const missing = cli(['/nonexistent/bai.txt']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Không đọc được \/nonexistent\/bai\.txt: ENOENT/);
    const noise = tempDir();
    try {
      writeFileSync(path.join(noise.dir, 'menu.txt'), 'Trang chủ\nCó thể bạn quan tâm\nGiá vàng hôm nay\n');
      const empty = cli([path.join(noise.dir, 'menu.txt')]);
      expect(empty.code).toBe(1);
      expect(empty.stderr).toMatch(/Không tìm thấy bài viết nào trong menu\.txt/);
    } finally {
      noise.cleanup();
    }
  });
});
