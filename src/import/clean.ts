/**
 * Our cleaner for text dumps of news pages (pure): removes the page's navigation and noise line by line and keeps
 * every content paragraph, saying for each removed line why. The seeds in ../shared/seeds/ are dumps of this kind.
 */
import { fold } from '../search/fold.js';

export type NoiseReason = 'before-title' | 'related' | 'image' | 'caption' | 'byline' | 'counter' | 'repeated-title' | 'link-run';

export interface CleanLine {
  /** 1-based line in the input. */
  line: number;
  text: string;
  /** What the line is: the title, a content paragraph, a subheading, or noise. */
  role: 'title' | 'paragraph' | 'heading' | 'noise';
  reason?: NoiseReason | undefined;
}

export interface CleanedArticle {
  title: string;
  /** Every non-empty input line with its role, in order (the preview). */
  lines: CleanLine[];
  /** The kept body in order: paragraphs and subheadings. */
  blocks: { kind: 'paragraph' | 'heading'; text: string }[];
  /** `Author - dd/mm/yyyy hh:mm` or a similar line, when found near the top (for the date). */
  dateLine?: string | undefined;
}

/** Lines that open the page's tail of related news: everything from there on is not the article. */
const TAIL_MARKERS = ['co the ban quan tam', 'nen xem', 'tin khac', 'tin lien quan', 'bai lien quan', 'xem them', 'phien ban di dong', 'doc them', 'tin cung chuyen muc', 'tin moi nhat', 'tin noi bat', 'xem nhieu nhat'];
const COUNTER = /^(?:\d[\d.,]*\s*)?(?:lượt xem|lượt thích|bình luận|chia sẻ|in bài|lưu bài|gửi bài|theo dõi|thích|like|share|tweet|facebook|zalo|email|print|bản in|cỡ chữ|nghe bài|đọc bài)\b.*$|^[\d\s.,:/|·•-]+$/iu;
const IMAGE = /^!\[[^\]]*\]\([^)]*\)\s*\|?\s*$|^\[?(?:ảnh|hình|image|photo)\]?\s*$/iu;
const CAPTION = /\((?:Ảnh|Nguồn ảnh|Ảnh minh họa)\s*:[^)]*\)\s*$|(?:^|[.!?]\s+)Ảnh\s*:\s*[\p{Lu}][\p{L} .-]{1,40}$|^\|.*\|$|\|\s*$|^\|/u;
const DATE_LINE = /^(?:[\p{L} .-]{2,40}\s+[-–]\s+)?(?:\p{L}+,\s*)?\d{1,2}\/\d{1,2}\/\d{4}(?:\s*[-,|]?\s*\d{1,2}:\d{2})?(?:\s*\(?GMT[+-]\d+\)?)?$/u;
const END_PUNCT = /[.!?…:;"”»)’'\]]$/u;

const words = (s: string) => s.split(/\s+/).filter(Boolean);
const isTailMarker = (s: string) => TAIL_MARKERS.includes(fold(s).replace(/[^a-z0-9 ]/g, '').trim());

/** A short line of capitalised names, e.g. `Phương Bùi`, `Đinh Luyện - Hoàng Phương`: an author's byline. */
export function isByline(s: string): boolean {
  const w = words(s.replace(/\s[-–,]\s/g, ' '));
  return w.length >= 2 && w.length <= 7 && !END_PUNCT.test(s) && !/\d/.test(s) && w.every((x) => /^[\p{Lu}][\p{Ll}]*\.?$/u.test(x));
}

/** A subheading: a short line without end punctuation, between paragraphs. */
function isHeading(s: string): boolean {
  const n = words(s).length;
  return n >= 2 && n <= 14 && !END_PUNCT.test(s) && !s.includes('|');
}

/** Finds the title: the line just before a `Author - date` line near the top (what comes before it is the site's
 *  section name), else the first line. */
function findTitle(lines: string[], hint?: string): { index: number; dateLine?: string | undefined } {
  if (hint) {
    const h = fold(hint);
    const i = lines.findIndex((l) => fold(l) === h);
    if (i >= 0) return { index: i, dateLine: lines.slice(i + 1, i + 3).find((l) => DATE_LINE.test(l)) };
    return { index: -1, dateLine: lines.slice(0, 4).find((l) => DATE_LINE.test(l)) };
  }
  const d = lines.slice(1, 5).findIndex((l) => DATE_LINE.test(l));
  if (d >= 0) return { index: d, dateLine: lines[d + 1] };
  return { index: 0 };
}

/** Cleans a text dump: one paragraph per line (blank lines are only spacing). `title` when already known (HTML). */
export function cleanText(raw: string, opts: { title?: string | undefined } = {}): CleanedArticle {
  const input = raw.replace(/^\uFEFF/, '').normalize('NFC').split(/\r?\n/);
  const nonEmpty: { line: number; text: string; blankBefore: boolean }[] = [];
  input.forEach((l, i) => {
    const text = l.replace(/\s+/g, ' ').trim();
    if (text) nonEmpty.push({ line: i + 1, text, blankBefore: i > 0 && !input[i - 1]?.trim() });
  });
  const texts = nonEmpty.map((l) => l.text);
  const { index: titleAt, dateLine } = findTitle(texts, opts.title);
  const title = opts.title?.trim() || texts[titleAt] || '';
  const foldedTitle = fold(title);
  const tailAt = texts.findIndex((t, i) => i > titleAt && isTailMarker(t));
  const end = tailAt < 0 ? texts.length : tailAt;

  const out: CleanLine[] = [];
  let captionNext = false;
  for (const [i, l] of nonEmpty.entries()) {
    const t = l.text;
    const mark = (role: CleanLine['role'], reason?: NoiseReason) => out.push({ line: l.line, text: t, role, ...(reason ? { reason } : {}) });
    if (i === titleAt) mark('title');
    else if (i < titleAt) mark('noise', 'before-title');
    else if (i >= end) mark('noise', 'related');
    else if (t === dateLine) mark('noise', 'byline');
    else if (IMAGE.test(t) || /^!\[/.test(t)) {
      mark('noise', 'image');
      captionNext = true;
      continue;
    } else if (fold(t) === foldedTitle) {
      // The title repeated inside the body is an image's alt text; the line right under it is the caption.
      mark('noise', 'repeated-title');
      captionNext = true;
      continue;
    } else if (captionNext && !l.blankBefore) mark('noise', 'caption');
    else if (CAPTION.test(t)) mark('noise', 'caption');
    else if (COUNTER.test(t)) mark('noise', 'counter');
    else if (isByline(t) && nonEmpty.slice(i + 1, end).every((n) => isByline(n.text) || DATE_LINE.test(n.text))) mark('noise', 'byline');
    else if (words(t).length >= 20 && !END_PUNCT.test(t)) mark('noise', 'link-run');
    else if (isHeading(t)) mark('heading');
    else mark('paragraph');
    captionNext = false;
  }
  // A "heading" with no paragraph after it (last kept line) is a paragraph after all.
  const kept = out.filter((l) => l.role === 'paragraph' || l.role === 'heading');
  const last = kept.at(-1);
  if (last?.role === 'heading') last.role = 'paragraph';
  return {
    title,
    lines: out,
    blocks: kept.map((l) => ({ kind: l.role === 'heading' ? 'heading' : 'paragraph', text: l.text })),
    dateLine,
  };
}
