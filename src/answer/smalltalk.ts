/**
 * Small talk: who the bot is, thanks, ok, goodbye, complaints. Recognised on folded text when the message is
 * one of these phrases plus at most a couple of other words (particles and forms of address do not count).
 * The reply comes from messages.ts, never from the knowledge, and is not queued for review.
 */
import { fold } from '../search/fold.js';

export type SmallTalk = 'who' | 'thanks' | 'ok' | 'bye' | 'complaint';

const PHRASES: [SmallTalk, string[]][] = [
  ['who', ['ban la ai', 'may la ai', 'bot la ai', 'day la ai', 'ai day', 'ban ten gi', 'ten ban la gi', 'ban ten la gi', 'whats your name', 'what s your name', 'what is your name', 'who are you', 'ban la nguoi hay may', 'ban la nguoi that']],
  ['thanks', ['cam on', 'cam ong', 'thanks', 'thank you', 'thank', 'tks', 'thanks you', 'camon', 'cmon']],
  ['bye', ['tam biet', 'bye', 'bye bye', 'bai bai', 'hen gap lai', 'goodbye']],
  ['complaint', ['bot ngu', 'ngu qua', 'ngu the', 'ngu vay', 'ngu vl', 'vo dung', 'do te', 'kem qua', 'chan qua', 'chan the', 'tra loi linh tinh', 'tra loi sai']],
  ['ok', ['ok', 'oke', 'okie', 'okay', 'oki', 'uk', 'u', 'uh', 'um', 'vang', 'da vang', 'duoc roi', 'hieu roi', 'biet roi', 'ro roi', 'roi']],
];

/** Words that do not change what a short message says: particles, forms of address, fillers. */
const FILLER = new Set(
  'a ah a nhe nha nhi oi ad admin bot ban em anh chi minh to toi nhieu lam qua the nhe nha nhe hi hihi haha ha ok ạ nhiều lắm quá rat rất cung gi hoi khong ko k biet j'.split(' '),
);

const wordsOf = (text: string) => fold(text).replace(/[^\p{L}\p{N}\s]/gu, ' ').split(/\s+/).filter(Boolean);

/** The kind of small talk the message is, or undefined when it is something else. */
export function smallTalkOf(text: string): SmallTalk | undefined {
  const words = wordsOf(text);
  if (words.length === 0 || words.length > 12) return undefined;
  for (const [kind, phrases] of PHRASES) {
    for (const phrase of phrases) {
      const p = phrase.split(' ');
      for (let i = 0; i + p.length <= words.length; i++) {
        if (!p.every((w, j) => words[i + j] === w)) continue;
        const rest = [...words.slice(0, i), ...words.slice(i + p.length)].filter((w) => !FILLER.has(w));
        if (rest.length <= (kind === 'complaint' ? 4 : 1)) return kind;
      }
    }
  }
  return undefined;
}
