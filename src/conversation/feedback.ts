import { FILLERS, trimWords, wordsOf } from './words.js';

export type FeedbackValue = 'up' | 'down';

/** Whole replies (folded, fillers trimmed) that rate the answer just given. */
const PHRASES: Record<string, FeedbackValue> = Object.fromEntries([
  ...['sai', 'sai roi', 'sai bet', 'sai het', 'khong dung', 'chua dung', 'khong phai', 'khong phai the', 'khong phai cai nay', 'khong phai cai do',
    'khong dung y', 'khong dung cau hoi', 'tra loi sai', 'khong lien quan', 'vo dung', 'khong huu ich', 'chua huu ich', 'chang dung', 'nham roi', 'nham',
  ].map((p) => [p, 'down' as const]),
  ...['dung', 'dung roi', 'chinh xac', 'cam on', 'cam on nhe', 'xin cam on', 'huu ich', 'hay', 'tot', 'tuyet', 'tuyet voi', 'ok', 'dung y', 'chuan', 'chuan roi', 'ro roi', 'hieu roi',
  ].map((p) => [p, 'up' as const]),
]);
const UP_EMOJI = /^[\s👍👌🙏❤️♥️😊😀🥰]+$/u;
const DOWN_EMOJI = /^[\s👎😞😡☹️🙁]+$/u;

/**
 * A thumbs-up or thumbs-down typed as text ("sai rồi", "không đúng", "👎", "đúng rồi", "cảm ơn", "👍"), or
 * undefined. Only a whole reply counts: "không đúng lịch thì sao" is a question, not a rating.
 */
export function parseFeedback(text: string): FeedbackValue | undefined {
  const t = text.trim();
  if (t.length === 0 || t.length > 60) return undefined;
  if (/👎/u.test(t) && DOWN_EMOJI.test(t.replace(/[\uFE0F\u200D\u{1F3FB}-\u{1F3FF}]/gu, ''))) return 'down';
  if (/[👍👌🙏]/u.test(t) && UP_EMOJI.test(t.replace(/[\uFE0F\u200D\u{1F3FB}-\u{1F3FF}]/gu, ''))) return 'up';
  // "sai rồi bạn ơi", "cảm ơn ad nhiều ạ": the rating words, with politeness around them.
  const words = trimWords(wordsOf(t), FILLERS);
  // "rồi" ends "sai rồi" / "đúng rồi": put it back when trimming took it.
  const joined = words.join(' ');
  return PHRASES[joined] ?? PHRASES[`${joined} roi`];
}
