/**
 * Question type from cue words (folded text): what kind of passage and sentence answers it.
 *   amount  `bao nhiêu`, `mấy người`, `tổng số`, `mức hỗ trợ`…: the sentence holding the figure.
 *   how     `thế nào`, `làm sao`, `thủ tục`, `cách`, `… thì sao` (what to do about it)…: the "how to ask" passage.
 *   where   `ở đâu`, `hỏi ai`, `liên hệ`, `gặp ai`…: the passage naming whom to contact.
 *   when    `khi nào`, `bao giờ`, `tháng mấy`…: a sentence with a date or period.
 *   who     `là ai`, `ai là`: the sentence naming a person (`Đồng chí Hứa Đức Tuấn - Chủ tịch…`).
 *   what    `là gì`, `là quỹ gì`, `gồm những gì`…: the defining passage (a note's first).
 *   yesno   `có … không`, `được không`, `phải không`: the passage that states the fact.
 */
export type QuestionType = 'amount' | 'how' | 'where' | 'when' | 'who' | 'what' | 'yesno' | 'other';

export const QUESTION_TYPES: readonly QuestionType[] = ['amount', 'how', 'where', 'when', 'who', 'what', 'yesno', 'other'];

/**
 * Counting words after folded `may`: `mấy người`, `mấy đợt`, `mấy CĐCS` ask how many. Folded `may` is also
 * `máy` (a machine) and `may` (to sew: `công nhân may`), which are followed by other words (`máy tính`, `may ở`).
 */
export const COUNT_WORDS: readonly string[] = 'nguoi doanh dn cty luot ty trieu dong nghin lan don cong to diem cum chuyen dot suat xe ve thang nam ngay tuan buoi gio phan nguon sang cdcs nghe nhom loai khoa hang muc khoan cap nganh giai mon doi'.split(' ');

// `ngày mấy`, `năm mấy`, `hôm mấy` ask when: `mấy` after the unit, unlike the count `mấy ngày`.
const CUES: [QuestionType, RegExp][] = [
  ['amount', new RegExp(`(^| )(bao nhieu|bn|may (${COUNT_WORDS.join('|')})|so luong|bao nhieu tien|tong so|tong cong|muc (ho tro|tro cap|vay)|ty le|phan tram|bao nhieu phan tram|bnhieu)( |$)`)],
  ['when', /(^| )(khi nao|bao gio|luc nao|thang may|ngay nao|nam nao|dip nao|hom nao|han chot|ngay may|nam may|hom may)( |$)/],
  // `X là ai` asks who a person is; `hỏi ai`, `gặp ai` (where) and `những ai`, `dành cho ai` (whom it is for) do not.
  ['who', /(^| )(la ai|ai la|la ong nao|la ba nao)( |\?|$)/],
  ['where', /(^| )(o dau|cho nao|hoi ai|gap ai|lien he ai|lien he|tim ai|bao ai|noi nao|dau de)( |$)/],
  ['how', /(^| )(the nao|nhu the nao|ntn|lam sao|lam the nao|thu tuc|cach nao|cach|bang cach|phai lam gi|can lam gi|lam gi de|dang ky|thi sao)( |$)/],
  ['what', /(^| )(la gi|la quy gi|la sao|gom nhung|gom gi|nhung gi|co gi|nghia la|la nhu the nao|hoat dong gi)( |$)/],
  ['yesno', /(^| )(co .+ (khong|ko|k|hok|kg)|duoc khong|dc ko|phai khong|dung khong|co phai|co duoc)( |\?|$)|(khong|ko)$/],
];

/** The type of a question from its folded text (first matching cue in the order above). */
export function questionTypeOf(foldedText: string): QuestionType {
  for (const [type, re] of CUES) if (re.test(foldedText)) return type;
  return 'other';
}
