/**
 * Synthetic knowledge ×N made of distinct paragraphs, for an honest scale benchmark. Copy 0 is the real
 * folder. Copy k ≥ 1 of every Markdown file gets a new name and title, and each paragraph of its body is
 * rebuilt: its sentences reordered, one swapped for a sentence of another document (seeded, so runs repeat),
 * every figure changed, place names changed, and the dev set's key phrases broken (words reordered), so
 * that no two paragraphs share their text and the right answer to each dev question still exists once, in
 * the real file. What this measures: many different articles on the same topics, each a plausible distractor.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { splitSentences } from '../../src/knowledge/passages.js';
import { fold } from '../../src/search/fold.js';
import { seededRandom } from '../../test/support/random.js';

const PLACES = ['Hoàn Kiếm', 'Hai Bà Trưng', 'Sơn Tây', 'Ba Đình', 'Đống Đa', 'Cầu Giấy', 'Tây Hồ', 'Long Biên', 'Hoàng Mai', 'Thanh Xuân'];
const OTHER_PLACES = [
  'Nam Từ Liêm', 'Bắc Từ Liêm', 'Hà Đông', 'Gia Lâm', 'Đông Anh', 'Sóc Sơn', 'Mê Linh', 'Thanh Trì', 'Ba Vì', 'Phúc Thọ', 'Đan Phượng',
  'Hoài Đức', 'Quốc Oai', 'Thạch Thất', 'Chương Mỹ', 'Thanh Oai', 'Thường Tín', 'Phú Xuyên', 'Ứng Hòa', 'Mỹ Đức', 'Kim Chung', 'Quang Minh',
  'Bắc Thăng Long', 'Nội Bài', 'Phú Nghĩa', 'Thạch Thất', 'Sài Đồng', 'Hà Nội Đài Tư', 'Nam Thăng Long', 'Phùng Xá',
];


/** Every number changed by an offset that depends on the copy, keeping its separators (`1.986` → `2.017`). */
function changeFigures(text: string, k: number, salt: number): string {
  return text.replace(/\d+(?:[.,]\d+)*/g, (num) => {
    const digits = num.replace(/\D/g, '');
    const next = String(BigInt(digits) + BigInt(7 * k + 3 + salt));
    // (`salt` ≥ 1009 per document: copies k of two documents never get the same offset.)
    // Separators at the same distances from the right as in the original.
    const seps: { at: number; ch: string }[] = [];
    let fromRight = 0;
    for (let i = num.length - 1; i >= 0; i--) {
      const ch = num[i]!;
      if (/\d/.test(ch)) fromRight++;
      else seps.push({ at: fromRight, ch });
    }
    let out = '';
    let count = 0;
    for (let i = next.length - 1; i >= 0; i--) {
      const sep = seps.find((s) => s.at === count);
      if (sep && count > 0) out = sep.ch + out;
      out = next[i]! + out;
      count++;
    }
    return out;
  });
}

function changePlaces(text: string, k: number, salt: number): string {
  let out = text;
  PLACES.forEach((p, i) => {
    out = out.split(p).join(OTHER_PLACES[(k * 7 + i + salt) % OTHER_PLACES.length]!);
  });
  return out;
}

/** Folds one character at a time (same length as the input for NFC text), to find folded phrases in accented text. */
const foldChars = (s: string) => [...s].map((c) => fold(c) || c).join('');

/** Breaks every occurrence of a key phrase: its words reversed, or a single word's middle letters swapped. */
function breakKeys(text: string, keys: readonly string[]): string {
  let out = text;
  const f = fold(text);
  for (const key of keys) {
    // Keys with a figure are broken by the changed figures; the others by reordering their words.
    if (/\d/.test(key) || !f.includes(key)) continue;
    for (let guard = 0; guard < 20; guard++) {
      const chars = [...out];
      const folded = foldChars(out);
      if (folded.length !== chars.length) return out;
      const at = folded.indexOf(key);
      if (at < 0) break;
      const span = chars.slice(at, at + [...key].length).join('');
      const words = span.split(' ');
      const broken = words.length > 1 ? words.reverse().join(' ') : span.length > 3 ? span.slice(0, 1) + span.slice(2, 3) + span.slice(1, 2) + span.slice(3) : `${span}x`;
      out = chars.slice(0, at).join('') + broken + chars.slice(at + [...key].length).join('');
    }
  }
  return out;
}

interface Doc {
  dir: string;
  name: string;
  frontmatter: string;
  /** Body blocks: headings kept as they are, paragraphs as sentences. */
  blocks: ({ heading: string } | { sentences: string[] })[];
}

function parseDoc(dir: string, name: string, text: string): Doc | undefined {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!m) return undefined;
  const blocks: Doc['blocks'] = [];
  for (const raw of m[2]!.split(/\n\s*\n/)) {
    const block = raw.trim();
    if (!block) continue;
    if (/^#{1,6}\s/.test(block)) blocks.push({ heading: block });
    else blocks.push({ sentences: splitSentences(block.replace(/\s*\n\s*/g, ' ')) });
  }
  return { dir, name, frontmatter: m[1]!, blocks };
}

function retitle(frontmatter: string, k: number, place: string): string {
  return frontmatter.replace(/^title:\s*(["']?)(.*?)\1\s*$/m, (_m, _q: string, title: string) => `title: "${title.replace(/"/g, '\\"')} tại ${place} (bản ${k})"`);
}

export interface DistinctStats {
  files: number;
  paragraphs: number;
  distinctParagraphs: number;
}

/** Writes the knowledge folder `src` ×`factor` into `dest`, copies made of distinct paragraphs. `keys`: folded dev-set key phrases. */
export function writeDistinctKnowledge(src: string, dest: string, factor: number, keys: readonly string[]): DistinctStats {
  const docs: Doc[] = [];
  const copyAsIs: { rel: string; text: string }[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(src, rel))) {
      if (name.startsWith('.')) continue;
      const childRel = path.join(rel, name);
      if (statSync(path.join(src, childRel)).isDirectory()) {
        walk(childRel);
        continue;
      }
      const text = readFileSync(path.join(src, childRel), 'utf8');
      copyAsIs.push({ rel: childRel, text });
      const doc = name.endsWith('.md') && rel !== '' ? parseDoc(rel, name, text) : undefined;
      if (doc) docs.push(doc);
    }
  };
  walk('');
  const pool = docs.flatMap((d, di) => d.blocks.flatMap((b) => ('sentences' in b ? b.sentences.map((s) => ({ s, di })) : [])));
  const seen = new Set<string>();
  let paragraphs = 0;
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
    writeFileSync(path.join(dest, rel), text);
  };
  for (const f of copyAsIs) write(f.rel, f.text);
  for (const d of docs) for (const b of d.blocks) if ('sentences' in b) (seen.add(b.sentences.join(' ')), paragraphs++);
  const hasKey = (s: string) => {
    const f = fold(s);
    return keys.some((k) => f.includes(k));
  };

  let files = copyAsIs.length;
  for (let k = 1; k < factor; k++) {
    docs.forEach((d, di) => {
      const random = seededRandom(k * 100_003 + di * 7919); // the same scale gives the same folder
      const place = OTHER_PLACES[(k + di) % OTHER_PLACES.length]!;
      const body: string[] = [];
      d.blocks.forEach((b, bi) => {
        if ('heading' in b) {
          body.push(b.heading);
          return;
        }
        // Own sentences in a new order, one of them (of two or more) replaced by a sentence of another
        // document, so paragraphs keep about their length.
        const own = [...b.sentences].sort(() => random() - 0.5);
        if (own.length >= 2) own.pop();
        const borrowed = [
          (() => {
            for (;;) {
              const pick = pool[Math.floor(random() * pool.length)]!;
              if (pick.di !== di) return pick.s;
            }
          })(),
        ];
        const at = Math.floor(random() * (own.length + 1));
        const sentences = [...own.slice(0, at), ...borrowed, ...own.slice(at)].map((s, si) => {
          for (let salt = 0; ; salt++) {
            // A sentence without a figure gets one, so that every sentence differs from copy to copy.
            const marked = /\d/.test(s) ? s : s.replace(/([.!?…;:]?)$/, (end: string) => ` tại cụm công nghiệp số ${k * 100_000 + di * 1000 + bi * 10 + salt}${end || '.'}`);
            const changed = breakKeys(changePlaces(changeFigures(marked, k, salt * 104_729 + si + bi * 3 + di * 1009), k, salt + di), keys);
            if (!hasKey(changed) || salt > 200) return changed;
          }
        });
        let text = sentences.join(' ');
        for (let extra = 0; seen.has(text); extra++) text = `${text} ${changeFigures(`Cập nhật lần ${k * 1000 + extra}.`, k, extra)}`;
        seen.add(text);
        paragraphs++;
        body.push(text);
      });
      const name = d.name.replace(/\.md$/, `-x${k}.md`);
      write(path.join(d.dir, name), `---\n${retitle(d.frontmatter, k, place)}\n---\n\n${body.join('\n\n')}\n`);
      files++;
    });
  }
  return { files, paragraphs, distinctParagraphs: seen.size };
}

/** The folded key phrases of the dev set's answer items. */
export function devKeys(items: readonly { any?: string[] }[]): string[] {
  return [...new Set(items.flatMap((i) => i.any ?? []).map((k) => fold(k)))];
}
