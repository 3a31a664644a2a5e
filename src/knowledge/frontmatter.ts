import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import { z } from 'zod';
import type { KnowledgeProblem } from '../errors.js';
import { checkMsg } from '../messages.js';

/** Vietnamese texts for zod's issues, in the words of an officer editing a file (zod's own locale reads like a compiler). */
export const viIssue: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return checkMsg.missing;
      return checkMsg.wrongType(issue.expected);
    case 'invalid_value':
      return checkMsg.oneOf(issue.values.map(String));
    case 'unrecognized_keys':
      return checkMsg.unknownKey;
    case 'too_big':
      return issue.origin === 'array' ? checkMsg.tooMany(Number(issue.maximum)) : checkMsg.tooLongField(Number(issue.maximum));
    case 'too_small':
      return checkMsg.empty;
    default:
      return checkMsg.invalid;
  }
};

/** Result of validating YAML against a schema: the data, or problems located by line. */
export type Validated<T> = { ok: true; data: T } | { ok: false; problems: KnowledgeProblem[] };

/** Finds the 1-based line of the YAML node at `path`, falling back to its nearest parent. */
function lineOf(doc: ReturnType<typeof parseDocument>, lc: LineCounter, path: PropertyKey[]): number | undefined {
  let node: unknown = doc.contents;
  let best: number | undefined;
  const pos = (n: unknown) => {
    const range = (n as Node | null)?.range;
    return range ? lc.linePos(range[0]).line : undefined;
  };
  best = pos(node);
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      best = pos(pair.key) ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
    } else break;
    best = pos(node) ?? best;
  }
  return best;
}

/** The offset of the outermost `[` or `{` still open at `pos` (outside quotes), if any. */
function unclosedAt(text: string, pos: number): number | undefined {
  const open: number[] = [];
  let quote = '';
  for (let i = 0; i < pos && i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) while (i < pos && text[i + 1] !== '\n') i++;
    else if (ch === '[' || ch === '{') open.push(i);
    else if ((ch === ']' || ch === '}') && open.length) open.pop();
  }
  return open[0];
}

/** Parses YAML text and validates it; `lineOffset` is the file line where the YAML starts (0-based). */
export function validateYaml<T>(file: string, yamlText: string, lineOffset: number, schema: z.ZodType<T>): Validated<T> {
  const lc = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        file,
        // The error's own offset, counted in this text (YAML's `linePos` is only set with prettyErrors); an unclosed
        // `[`/`{` is reported where it opens, not where the parser gave up.
        line: lineOffset + lc.linePos(/flow|MISSING_CHAR/i.test(`${e.code} ${e.message}`) ? (unclosedAt(yamlText, e.pos[0]) ?? e.pos[0]) : e.pos[0]).line,
        message: checkMsg.yaml(checkMsg.yamlCodes[e.code] ?? checkMsg.yamlOther(e.code)),
      })),
    };
  }
  const parsed = schema.safeParse(doc.toJS(), { error: viIssue });
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
      return {
        file,
        line: lineOffset + (lineOf(doc, lc, keys) ?? 1),
        message: checkMsg.field(keys.join('.') || checkMsg.root, issue.message),
      };
    }),
  };
}
