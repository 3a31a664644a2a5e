/** Vietnamese folding: NFD, strip combining marks, đ→d, lowercase, collapse spaces. Same as the eval's fold. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const VOWEL = /^[aeiouyAEIOUY]$/;
const TONE_MARK = /^[\u0300\u0301\u0303\u0309\u0323]$/u; // grave, acute, tilde, hook above, dot below

/**
 * NFC text without the combining marks Vietnamese never writes: a mark on a consonant, a digit or a symbol
 * (`vốṇ`, `5́`), a second tone mark or a repeated mark on a vowel (`phí` + U+0323). Such marks come from slips
 * and copy-paste; the first tone mark and the shape marks of a vowel are the word's own and stay. Marks are read
 * in the order typed, before canonical reordering, so the word's own tone wins over the stray one.
 */
export function dropStrayMarks(s: string): string {
  return s.replace(/\P{M}\p{M}*/gu, (cluster) => {
    const [first = '', ...typed] = [...cluster];
    const [base = '', ...own] = [...first.normalize('NFD')];
    if (!VOWEL.test(base)) return first.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');
    const kept: string[] = [];
    let toned = false;
    for (const mark of [...own, ...typed]) {
      const tone = TONE_MARK.test(mark);
      if (kept.includes(mark) || (tone && toned)) continue;
      toned ||= tone;
      kept.push(mark);
    }
    return (base + kept.join('')).normalize('NFC');
  });
}

/** True when the text carries any Vietnamese diacritic (tone mark, circumflex, breve, horn or đ). */
export function hasDiacritics(s: string): boolean {
  return /[đĐ]|\p{M}/u.test(s.normalize('NFD'));
}

/** Folded words seen so far: questions and passages reuse a small vocabulary. Bounded; cleared when full. */
const wordCache = new Map<string, string>();
const WORD_CACHE_MAX = 50_000;

/** `fold` for one token, memoised (same result as `fold`). */
export function foldWord(word: string): string {
  let folded = wordCache.get(word);
  if (folded === undefined) {
    if (wordCache.size >= WORD_CACHE_MAX) wordCache.clear();
    folded = fold(word);
    wordCache.set(word, folded);
  }
  return folded;
}

/** The key that groups questions: folded, with punctuation and spacing ignored ("…bao nhiêu", "…bao nhiêu ?"). */
export const groupKey = (question: string): string => fold(question).replace(/[^\p{L}\p{N}]+/gu, ' ').trim().slice(0, 500);
