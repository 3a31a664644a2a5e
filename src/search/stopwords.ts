/**
 * Question words dropped from questions (never from the index). Accented forms apply to accented tokens;
 * the folded list applies only to tokens typed without diacritics and leaves out ambiguous syllables
 * (`vay` is both "vậy" and "vay", `do` is "đó" and "đô", `can` is "cần" and "cán"...).
 */
export const STOP_ACCENTED = new Set(
  (
    'là gì có không ko được bao nhiêu nào sao thế như ở đâu cho em anh chị mình tôi tớ bạn ạ ơi nhé nha nhỉ vậy thì hỏi xin ' +
    'muốn biết cần phải nên ai khi mấy những các của và với về này đó bị thể hả hở à ừ admin ad mọi rồi chưa đã sẽ đang nếu mà'
  ).split(/\s+/),
);

export const STOP_FOLDED = new Set(
  'la gi co khong ko duoc bao nhieu nao sao nhu o cho em minh toi to a oi nhe nha nhi thi xin muon biet phai ai khi nhung cac cua va voi bi ha admin ad roi chua se dang neu ma'.split(
    ' ',
  ),
);

/** Folded multi-syllable phrases removed as a whole before single words. */
export const STOP_PHRASES: string[][] = [
  'cho em hoi',
  'cho minh hoi',
  'cho toi hoi',
  'cho chau hoi',
  'xin hoi',
  'em hoi',
  'hoi ve',
  'nhu the nao',
  'the nao',
  'la gi',
  'o dau',
  'khi nao',
  'bao gio',
  'lam sao',
  'lam the nao',
  'co the',
  'duoc khong',
].map((p) => p.split(' '));
