import { FILLERS, trimWords, wordsOf } from './words.js';

/** Vietnamese numerals a worker types for a choice (folded). */
const NUMERALS: Record<string, number> = {
  mot: 1, nhat: 1, hai: 2, nhi: 2, ba: 3, bon: 4, tu: 4, nam: 5, sau: 6, bay: 7, tam: 8, chin: 9, muoi: 10,
};
/** Words before a number that mean "item number…". */
const PREFIXES = new Set(['so', 'cai', 'muc', 'cau', 'chon', 'thu', 'y', 'phuong', 'an', 'lua', 'option', 'chu', 'de', 'mon', 'bai', 'em', 'toi', 'minh']);
/** Prefixes that mark an ordinal: with them a numeral word counts ("thứ ba", "số hai"); alone it does not. */
const ORDINAL = new Set(['so', 'thu', 'muc', 'cai', 'cau', 'chon']);

const numberOf = (w: string): number | undefined => (/^\d{1,2}$/.test(w) ? Number(w) : undefined);

/**
 * The choice a short message picks, as a 1-based number: "1", "số 1", "cái 2", "2.", "#3", "thứ ba", "chọn 2 nhé".
 * Undefined when the message is anything else (a question that merely holds a digit is not a choice).
 */
export function parseChoice(text: string): number | undefined {
  if (text.length > 40) return undefined;
  const raw = text.trim().replace(/^#\s*/, '');
  const words = trimWords(wordsOf(raw), FILLERS).map((w) => w.replace(/^#/, ''));
  if (words.length === 0 || words.length > 4) return undefined;
  const last = words[words.length - 1]!;
  const head = words.slice(0, -1);
  if (!head.every((w) => PREFIXES.has(w))) return undefined;
  const digit = numberOf(last);
  if (digit !== undefined) return digit >= 1 ? digit : undefined;
  const word = NUMERALS[last];
  // A bare numeral word ("ba", "năm") is too often something else; it needs an ordinal prefix.
  if (word !== undefined && head.some((w) => ORDINAL.has(w))) return word;
  return undefined;
}
