import type { KnowledgeProblem } from '../errors.js';
import { checkMsg } from '../messages.js';
import { validateYaml } from './frontmatter.js';
import { splitPassages } from './passages.js';
import { schemaFor, kindOf } from './schema.js';
import type { KnowledgeDoc, KnowledgeFile } from './types.js';

export type ParsedFile = { ok: true; doc: KnowledgeDoc } | { ok: false; problems: KnowledgeProblem[] };

const fail = (file: string, line: number, message: string): ParsedFile => ({
  ok: false,
  problems: [{ file, line, message }],
});

const FENCE = /^---[ \t]*$/;

/** Splits `---` frontmatter from the body; `bodyLine` is the 0-based line where the body starts. */
function splitFrontmatter(text: string): { yaml: string; body: string; bodyLine: number } | 'none' | 'unclosed' {
  const lines = text.split(/\r?\n/);
  if (!FENCE.test(lines[0] ?? '')) return 'none';
  // Only a line that starts with `---` at column 0 closes: ` ---` inside a folded or indented value does not.
  const end = lines.findIndex((l, i) => i > 0 && FENCE.test(l));
  if (end < 0) return 'unclosed';
  return { yaml: lines.slice(1, end).join('\n'), body: lines.slice(end + 1).join('\n'), bodyLine: end + 1 };
}

/** Parses and validates one knowledge Markdown file (pure). */
export function parseKnowledgeFile({ file, text: raw, invalidUtf8 }: KnowledgeFile): ParsedFile {
  // Bytes that are not UTF-8 are found by the loader; a U+FFFD typed or pasted into the text is a character like any other.
  if (invalidUtf8) return fail(file, 1, checkMsg.notUtf8);
  const kind = kindOf(file);
  if (!kind) return fail(file, 1, checkMsg.unknownFolder);
  const text = raw.replace(/^\uFEFF/, '').normalize('NFC');
  const parts = splitFrontmatter(text);
  if (parts === 'none') return fail(file, 1, checkMsg.noFrontmatter);
  if (parts === 'unclosed') return fail(file, 1, checkMsg.unclosedFrontmatter);
  const v = validateYaml(file, parts.yaml, 1, schemaFor(kind));
  if (!v.ok) return v;
  const id = file.replace(/\.md$/, '');
  const passages = splitPassages(id, parts.body);
  if (passages.length === 0) return fail(file, parts.bodyLine + 1, checkMsg.emptyBody);
  const d = v.data;
  return {
    ok: true,
    doc: {
      id,
      file,
      kind,
      title: d.title,
      date: d.date,
      dateEstimated: 'date_estimated' in d ? d.date_estimated === true : false,
      source: d.source ?? d.title,
      topics: d.topics ?? [],
      questions: 'questions' in d ? (d.questions ?? []) : [],
      passages,
    },
  };
}
