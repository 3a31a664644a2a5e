/** Turns a cleaned article into a draft knowledge file (pure): frontmatter guessed from the text, body as written. */
import { Document, isSeq } from 'yaml';
import { slugify } from '../admin/faq.js';
import { isRealDate, type TopicId } from '../knowledge/schema.js';
import { importMsg } from '../messages.js';
import type { CleanedArticle, CleanLine } from './clean.js';
import { suggestTopics } from './topics.js';

export interface ArticleDraft {
  title: string;
  date: string;
  /** True when no publication date was found and `date` is estimated from the years the text mentions. */
  dateEstimated: boolean;
  source: string;
  origin: string;
  topics: TopicId[];
  /** Suggested file, `articles/<slug>.md`. */
  file: string;
  /** The draft file: frontmatter and body. */
  markdown: string;
  /** Every input line with its role (the preview strikes the removed ones). */
  lines: CleanLine[];
  removed: number;
  paragraphs: number;
}

export interface DraftMeta {
  /** Where the text came from: a file name or a URL. */
  origin: string;
  now: number;
  /** A publication date given by the page itself (HTML metadata), ISO. */
  publishedTime?: string | undefined;
  /** The page's site name, a fallback for the source. */
  siteName?: string | undefined;
}

const pad = (n: string) => n.padStart(2, '0');

/** `YYYY-MM-DD` from a `dd/mm/yyyy` in the line, when it is a real day. */
function dateIn(line: string | undefined): string | undefined {
  const m = line && /(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(line);
  if (!m) return undefined;
  const iso = `${m[3]}-${pad(m[2]!)}-${pad(m[1]!)}`;
  return isRealDate(iso) ? iso : undefined;
}

/** The newest year (or month of it) the paragraphs speak of, not after `now`: the estimate when no date is found. */
function estimateDate(paragraphs: string[], now: number): string {
  const thisYear = new Date(now).getUTCFullYear();
  let best = 0;
  let month: number | undefined;
  for (const p of paragraphs) {
    for (const m of p.matchAll(/(?:tháng\s+(\d{1,2})\s*[/-]\s*|\b)((?:19|20)\d{2})\b/giu)) {
      const y = Number(m[2]);
      if (y > thisYear || y < 1990) continue;
      const mo = m[1] ? Number(m[1]) : undefined;
      if (y > best) {
        best = y;
        month = mo;
      } else if (y === best && mo && (!month || mo > month)) month = mo;
    }
  }
  if (!best) return String(thisYear);
  return month && month >= 1 && month <= 12 ? `${best}-${pad(String(month))}` : String(best);
}

/**
 * The union body the article is about, e.g. `LĐLĐ quận Hoàn Kiếm`: the most named one, a district's before the
 * city's (a district article names the city federation too), the title's before the body's.
 */
function sourceIn(title: string, body: string): string | undefined {
  const re = /(?:LĐLĐ|Liên đoàn Lao động)\s+(quận|huyện|thị xã|thành phố|Thành phố|TP\.?)\s+((?:[\p{Lu}][\p{Ll}]*)(?:\s+[\p{Lu}][\p{Ll}]*){0,2})/gu;
  const counts = new Map<string, number>();
  const add = (text: string, weight: number) => {
    for (const m of text.matchAll(re)) {
      const kind = m[1]!.toLowerCase().replace(/^tp\.?$/, 'thành phố');
      const name = `LĐLĐ ${kind} ${m[2]}`;
      counts.set(name, (counts.get(name) ?? 0) + weight + (kind === 'thành phố' ? 0 : 0.5));
    }
  };
  add(title, 10);
  add(body, 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** Builds the draft knowledge file of an article. */
export function draftArticle(c: CleanedArticle, meta: DraftMeta): ArticleDraft {
  const paragraphs = c.blocks.filter((b) => b.kind === 'paragraph').map((b) => b.text);
  const found = dateIn(c.dateLine) ?? (meta.publishedTime && isRealDate(meta.publishedTime.slice(0, 10)) ? meta.publishedTime.slice(0, 10) : undefined);
  const date = found ?? estimateDate(paragraphs, meta.now);
  const source = sourceIn(c.title, paragraphs.join('\n')) ?? meta.siteName?.trim() ?? importMsg.unknownSource;
  const topics = suggestTopics([c.title, ...paragraphs].join('\n'));
  const origin = meta.origin.slice(0, 200);
  const doc = new Document({ title: c.title, date, ...(found ? {} : { date_estimated: true }), source, origin, topics });
  const topicsNode = doc.get('topics', true);
  if (isSeq(topicsNode)) topicsNode.flow = true;
  const front = doc.toString({ defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0, flowCollectionPadding: false });
  const body = c.blocks.map((b) => (b.kind === 'heading' ? `## ${b.text}` : b.text)).join('\n\n');
  return {
    title: c.title,
    date,
    dateEstimated: !found,
    source,
    origin,
    topics,
    file: `articles/${slugify(c.title)}.md`,
    markdown: `---\n${front}---\n\n${body}\n`,
    lines: c.lines,
    removed: c.lines.filter((l) => l.role === 'noise').length,
    paragraphs: paragraphs.length,
  };
}
