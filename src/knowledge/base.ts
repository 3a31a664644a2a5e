import type { KnowledgeProblem } from '../errors.js';
import { checkMsg } from '../messages.js';
import { EMPTY_GLOSSARY, GLOSSARY_FILE, parseGlossary } from './glossary.js';
import { parseKnowledgeFile } from './parse.js';
import type { Glossary, KnowledgeDoc, KnowledgeFile } from './types.js';

/** Everything the bot knows, plus the problems found while reading it. */
export interface KnowledgeBase {
  docs: KnowledgeDoc[];
  glossary: Glossary;
  /** Bad files: each problem with file and line. Bad files are skipped (or kept at their last good version). */
  problems: KnowledgeProblem[];
  /** Files whose bad new version was replaced by the previous good one. */
  keptPrevious: string[];
  fileCount: number;
}

/**
 * Builds a knowledge base from raw files (pure). A bad file is reported and skipped; when `previous`
 * holds a good version of it, that version stays in use.
 */
export function buildKnowledgeBase(files: readonly KnowledgeFile[], previous?: KnowledgeBase): KnowledgeBase {
  const problems: KnowledgeProblem[] = [];
  const keptPrevious: string[] = [];
  const docs: KnowledgeDoc[] = [];
  let glossary: Glossary = previous?.glossary ?? EMPTY_GLOSSARY;
  const prevDocs = new Map(previous?.docs.map((d) => [d.file, d]));
  const titles = new Map<string, string>();

  // Code-unit order, not the locale's: when two files share a title, the one whose path sorts first wins on
  // every machine and after every restart (README: "Two files with one title").
  for (const f of [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    if (f.unreadable !== undefined) {
      problems.push({ file: f.file, line: 1, message: f.unreadable });
      const prev = prevDocs.get(f.file);
      if (prev) {
        docs.push(prev);
        titles.set(prev.title, prev.file);
      }
      if (prev || (f.file === GLOSSARY_FILE && previous)) keptPrevious.push(f.file);
      continue;
    }
    if (f.file === GLOSSARY_FILE) {
      const g = parseGlossary(f);
      if (g.ok) glossary = g.glossary;
      else {
        problems.push(...g.problems);
        if (previous) keptPrevious.push(f.file);
      }
      continue;
    }
    const parsed = parseKnowledgeFile(f);
    let doc: KnowledgeDoc | undefined;
    if (parsed.ok) {
      const other = titles.get(parsed.doc.title);
      if (other) problems.push({ file: f.file, line: 2, message: checkMsg.duplicateTitle(other) });
      else doc = parsed.doc;
    } else problems.push(...parsed.problems);
    if (!doc && prevDocs.has(f.file)) {
      doc = prevDocs.get(f.file);
      keptPrevious.push(f.file);
    }
    if (doc) {
      titles.set(doc.title, doc.file);
      docs.push(doc);
    }
  }
  return { docs, glossary, problems, keptPrevious, fileCount: files.length };
}
