/**
 * Splits long outgoing messages into chunks that fit a channel's length limit.
 *
 * Limits are counted in UTF-16 code units (what `String.prototype.length` returns), which is how
 * Telegram (4096) and Zalo (2000) count "characters".
 */

/** Matches one combining mark (e.g. Vietnamese tone marks in decomposed text). */
const COMBINING_MARK = /^\p{M}$/u;

/** Break kinds in order of preference; each returns the chunk length to cut at, or -1. */
const BREAK_FINDERS: ReadonlyArray<(window: string, minLength: number) => number> = [
  (window, min) => lastMatchIndex(window, /\n[ \t\r]*\n/g, min, 'start'),
  (window, min) => lastMatchIndex(window, /\n/g, min, 'start'),
  (window, min) => lastMatchIndex(window, /[.!?…]+["'”’)\]]*(?=\s)/g, min, 'end'),
  (window, min) => lastMatchIndex(window, /\s/g, min, 'start'),
];

/** Splits `text` into non-empty chunks of at most `limit` UTF-16 code units, cutting at the most natural break. */
export function splitText(text: string, limit: number): string[] {
  if (!Number.isInteger(limit) || limit < 2) {
    throw new RangeError(`splitText: limit must be an integer >= 2, got ${limit}`);
  }
  if (text.length === 0) return [];
  if (text.length <= limit) return [text];

  const chunks: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = findCut(rest, limit);
    const chunk = rest.slice(0, cut).trimEnd();
    if (chunk.length > 0) chunks.push(chunk);
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) chunks.push(rest);
  return chunks;
}

/** Chooses where to cut `rest` (longer than `limit`): the best break in the upper half, else a hard cut. */
function findCut(rest: string, limit: number): number {
  // One code unit of look-ahead lets a sentence end exactly at the limit be seen as followed by a space.
  const window = rest.slice(0, limit + 1);
  const minLength = Math.max(1, Math.floor(limit / 2));
  for (const find of BREAK_FINDERS) {
    const cut = find(window, minLength);
    if (cut >= minLength && cut <= limit) return cut;
  }
  return hardCut(rest, limit);
}

/** Returns the last match position (its start or end) that lies within [minLength, window.length - 1]. */
function lastMatchIndex(window: string, pattern: RegExp, minLength: number, edge: 'start' | 'end'): number {
  const limit = window.length - 1;
  let best = -1;
  for (const match of window.matchAll(pattern)) {
    const pos = edge === 'start' ? match.index : match.index + match[0].length;
    if (pos > limit) break;
    if (pos >= minLength) best = pos;
  }
  return best;
}

/** Cuts at `limit`, stepping back so a surrogate pair or a base letter and its combining marks stay together. */
function hardCut(rest: string, limit: number): number {
  let cut = limit;
  if (isLowSurrogate(rest.charCodeAt(cut)) && isHighSurrogate(rest.charCodeAt(cut - 1))) cut -= 1;
  let marks = cut;
  while (marks > 1 && COMBINING_MARK.test(rest.charAt(marks))) marks -= 1;
  // Keep the mark-aware cut only if it still leaves a reasonable chunk; otherwise accept splitting marks.
  if (marks !== cut && marks >= Math.floor(limit / 2)) {
    let markCut = marks;
    if (isLowSurrogate(rest.charCodeAt(markCut)) && isHighSurrogate(rest.charCodeAt(markCut - 1))) markCut -= 1;
    // Never return an empty chunk: that would stop the caller from making progress.
    if (markCut >= 1) cut = markCut;
  }
  return cut;
}

/** True for a UTF-16 high (leading) surrogate. */
function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** True for a UTF-16 low (trailing) surrogate. */
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
