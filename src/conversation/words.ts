import { fold } from '../search/fold.js';

/** Chat spellings that matter for short replies (the glossary's list covers questions). */
const CHAT: Record<string, string> = { ko: 'khong', k: 'khong', kg: 'khong', kh: 'khong', hok: 'khong', hem: 'khong', dc: 'duoc', tks: 'cam on', thanks: 'cam on', thank: 'cam on', camon: 'cam on', ok: 'ok', oke: 'ok', okie: 'ok' };

/** The folded words of a short message (punctuation and emoji dropped, chat spellings replaced). */
export function wordsOf(text: string): string[] {
  return fold(text)
    .replace(/[^\p{L}\p{N}#\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((w) => (CHAT[w] ?? w).split(' '));
}

/** Removes the given words from the start and the end of a word list (politeness, fillers). */
export function trimWords(words: readonly string[], drop: ReadonlySet<string>): string[] {
  let a = 0;
  let b = words.length;
  while (a < b && drop.has(words[a]!)) a++;
  while (b > a && drop.has(words[b - 1]!)) b--;
  return words.slice(a, b);
}

/** Words said around a short reply that do not change it: "số 2 nhé", "sai rồi bạn ơi", "cảm ơn ad nhiều ạ". */
export const FILLERS = new Set(
  'a ah nhe nha nhe nhi ha hen di ay voi thoi roi ban oi ad admin bot em anh chi minh nhieu lam qua that vay the nhe ok ma'.split(' '),
);
