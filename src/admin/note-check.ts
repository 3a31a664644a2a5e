import type { KnowledgeProblem } from '../errors.js';
import type { KnowledgeBase } from '../knowledge/base.js';
import { parseKnowledgeFile } from '../knowledge/parse.js';
import type { KnowledgeDoc } from '../knowledge/types.js';
import { checkMsg } from '../messages.js';

export type NoteCheck = { ok: true; doc: KnowledgeDoc } | { ok: false; problems: KnowledgeProblem[] };

/**
 * Validates a note before it is written (pure): the same rules as the loader, and its title must not be the title
 * of another file (a save never breaks another note). `file` itself may keep its own title.
 */
export function checkNote(kb: KnowledgeBase, file: string, text: string): NoteCheck {
  const parsed = parseKnowledgeFile({ file, text });
  if (!parsed.ok) return parsed;
  const other = kb.docs.find((d) => d.title === parsed.doc.title && d.file !== file);
  if (other) return { ok: false, problems: [{ file, line: titleLine(text), message: checkMsg.duplicateTitle(other.file) }] };
  return parsed;
}

/** The line of the `title:` key (for the duplicate-title problem), else 2. */
function titleLine(text: string): number {
  const i = text.split(/\r?\n/).findIndex((l) => /^title\s*:/.test(l));
  return i >= 0 ? i + 1 : 2;
}

/** Problems as `file:line: message` lines, for an error message. */
export function problemLines(problems: readonly KnowledgeProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n');
}
