import type { TopicId } from '../knowledge/schema.js';
import { wordsOf } from './words.js';

/** Openings that tie a message to the previous answer: "còn…", "thế còn…", "vậy…", "nếu…". */
const OPENINGS = ['the con', 'vay con', 'con neu', 'the neu', 'vay neu', 'the thi', 'vay thi', 'the', 'con', 'neu', 'roi', 'va', 'nhung'].map((p) => p.split(' '));
/** Endings that ask about the same thing under another condition: "…thì sao?", "…thì thế nào?". */
const ENDINGS = ['thi sao', 'thi the nao', 'thi sao a', 'thi sao nhi', 'the nao', 'ra sao', 'duoc khong', 'co khong', 'co duoc khong'].map((p) => p.split(' '));

/** Folded words that name a topic on their own; a message naming another topic is a new question. */
const TOPIC_WORDS: Record<TopicId, string[]> = {
  'vay-von': ['vay', 'vay von', 'quy tro von', 'tro von', 'ngan hang chinh sach', 'nhcsxh', 'vay tien', 'khoan vay', 'giai ngan'],
  'suc-khoe': ['kham', 'suc khoe', 'ung thu', 'nha khoa', 'tam soat', 'phat thuoc', 'benh vien'],
  tet: ['tet', 've que', 'sum vay', 'qua tet'],
  'ho-tro': ['tro cap', 'kho khan', 'om dau', 'tai nan', 'mai am', 'nghi duong', 'hiem ngheo', 'benh nghe nghiep', 'tham hoi'],
  'phap-luat': ['phap luat', 'phap ly', 'quyen loi', 'bhxh', 'bao hiem', 'tien luong', 'luong', 'thoa uoc', 'hop dong', 'sa thai', 'no bao hiem', 'kien'],
  'doan-vien': ['gia nhap', 'doan vien', 'vao cong doan', 'doan phi', 'the doan vien', 'ket nap'],
  'hoat-dong': ['thi dua', 'cong nhan gioi', 'nha tro', 'van hoa', 'the thao', 'thang cong nhan', 'sang kien', 'an toan', 've sinh lao dong', 'tu sach'],
};

/** The longest a follow-up may be, in words (longer messages are questions of their own). */
export const FOLLOW_UP_MAX_WORDS = 9;
/** Without an opening or ending, only this short a message is taken as a follow-up. */
const BARE_MAX_WORDS = 5;

const startsWith = (words: readonly string[], p: readonly string[]) => p.every((w, i) => words[i] === w);
const endsWith = (words: readonly string[], p: readonly string[]) => p.every((w, i) => words[words.length - p.length + i] === w);
const contains = (words: readonly string[], p: readonly string[]) =>
  words.some((_, i) => i + p.length <= words.length && p.every((w, j) => words[i + j] === w));

/** The topics named by these folded words. */
function topicsIn(words: readonly string[]): TopicId[] {
  return (Object.keys(TOPIC_WORDS) as TopicId[]).filter((t) => TOPIC_WORDS[t].some((p) => contains(words, p.split(' '))));
}

/** The topics a message names by its own words ("Tết", "khám sức khỏe", "vay vốn"…), its opening left out. */
export function topicsMentioned(text: string): TopicId[] {
  return topicsIn(withoutOpening(text, wordsOf(text)));
}

/**
 * How many words the opening takes ("thế còn" → 2). "vậy" folds to "vay" (a loan): alone it opens a message
 * only when typed with its accent ("vậy Sơn Tây thì sao"), not in "vay vốn…".
 */
function openingLength(text: string, words: readonly string[]): number {
  const opening = OPENINGS.find((p) => startsWith(words, p));
  if (opening) return opening.length;
  return /^vậy(?![\p{L}\p{M}])/iu.test(text.normalize('NFC').trim()) ? 1 : 0;
}

/** The words after the opening. */
function withoutOpening(text: string, words: readonly string[]): readonly string[] {
  return words.slice(openingLength(text, words));
}

/** How a message relates to the previous answer. */
export interface FollowUpShape {
  /** Opens or ends like a follow-up ("còn…", "thế còn…", "…thì sao"). */
  marked: boolean;
  /** The message is short enough to lean on the previous question. */
  short: boolean;
  /** Topics the message names itself. */
  topics: TopicId[];
}

/** Describes a message's shape (pure). */
export function followUpShape(text: string): FollowUpShape {
  const words = wordsOf(text);
  const marked = words.length >= 2 && (openingLength(text, words) > 0 || ENDINGS.some((p) => words.length > p.length && endsWith(words, p)));
  return { marked, short: words.length <= (marked ? FOLLOW_UP_MAX_WORDS : BARE_MAX_WORDS), topics: topicsIn(withoutOpening(text, words)) };
}

/**
 * Whether a message only makes sense with the previous question: short, and naming no topic of
 * its own ("còn ở Sơn Tây?", "cần giấy tờ gì", "hỏi ở đâu"). "thế còn Tết?" after a loan answer names another
 * topic: a new question; a message that names the same topic again is a question of its own.
 */
export function isFollowUp(text: string): boolean {
  const shape = followUpShape(text);
  return shape.short && shape.topics.length === 0 && wordsOf(text).length > 0;
}

/**
 * What short follow-ups ask for, in the words the notes use: "hỏi ở đâu" and "đăng ký thế nào" are answered by
 * the paragraph on whom to contact, "cần giấy tờ gì" by the one on papers. Question words alone ("ở đâu") are
 * dropped by the search, so without these the follow-up would add nothing to the carried terms.
 */
const ASKS: [string[], string][] = [
  [['o dau', 'hoi ai', 'lien he', 'dang ky', 'tim ai', 'gap ai', 'nop o dau', 'bao voi ai'], 'liên hệ'],
  [['giay to', 'ho so', 'thu tuc', 'can nhung gi', 'can gi'], 'hồ sơ thủ tục'],
];

/** The note words for what a follow-up asks ("" when it asks for nothing listed). */
export function askedFor(text: string): string {
  const words = wordsOf(text);
  return ASKS.filter(([phrases]) => phrases.some((p) => contains(words, p.split(' ')))).map(([, terms]) => terms).join(' ');
}

/** The question actually searched for a follow-up: the previous key terms, the follow-up, what it asks for. */
export function carriedQuestion(terms: string, text: string): string {
  return `${terms} ${text} ${askedFor(text)}`.trim();
}
