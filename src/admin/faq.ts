import { stringify } from 'yaml';
import { fold } from '../search/fold.js';

export interface FaqInput {
  title: string;
  questions: string[];
  answer: string;
  author: string;
  /** ISO date `YYYY-MM-DD`. */
  date: string;
}

/** A file-name slug from a title: folded, ASCII, kebab-case, at most 60 characters cut at a word boundary. */
export function slugify(title: string): string {
  const full = fold(title).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const cut = full.length <= 60 ? full : full.slice(0, 61).replace(/-[^-]*$/, '') || full.slice(0, 60);
  return cut.replace(/-+$/, '') || 'cau-hoi';
}

/** The Markdown of a FAQ note with its frontmatter (pure). Never folds a line: a long question stays on one line. */
export function renderFaqNote(f: FaqInput): string {
  const front = stringify({ title: f.title.trim(), questions: f.questions.map((q) => q.trim()).filter(Boolean), date: f.date, author: f.author.trim() }, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 });
  return `---\n${front}---\n${f.answer.trim().replace(/\r\n/g, '\n')}\n`;
}
