import type { KnowledgeBase } from '../knowledge/base.js';
import { kindOf, type DocKind } from '../knowledge/schema.js';

/** One row of the "Kiến thức" page and of `GET /admin/api/knowledge`. */
export interface KnowledgeRow {
  file: string;
  kind: DocKind | 'glossary' | 'other';
  title: string;
  date: string;
  paragraphs: number;
  status: 'good' | 'problem' | 'previous';
  problems: { line: number; message: string }[];
}

/** Every file the bot read, good or not, with its status (pure). */
export function knowledgeRows(kb: KnowledgeBase): KnowledgeRow[] {
  const rows = new Map<string, KnowledgeRow>();
  for (const d of kb.docs) {
    rows.set(d.file, { file: d.file, kind: d.kind, title: d.title, date: d.date, paragraphs: d.passages.length, status: 'good', problems: [] });
  }
  for (const p of kb.problems) {
    const row = rows.get(p.file) ?? { file: p.file, kind: p.file === 'glossary.yaml' ? 'glossary' : (kindOf(p.file) ?? 'other'), title: '', date: '', paragraphs: 0, status: 'problem', problems: [] };
    row.problems.push({ line: p.line, message: p.message });
    row.status = kb.keptPrevious.includes(p.file) ? 'previous' : 'problem';
    rows.set(p.file, row);
  }
  return [...rows.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
