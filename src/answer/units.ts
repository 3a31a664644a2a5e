/**
 * The unit a how-many question asks for, and whether a quote holds a figure in that unit.
 *
 * `bao nhiêu tiền` asks for money, `bao nhiêu người` for people, `bao nhiêu %` for a share, `mấy đợt` for a
 * count of `đợt`. A quote whose figures are all of another unit ("1.986 nữ CNVCLĐ" for "bao nhiêu tiền") does
 * not answer the question, however well its words match. Units are read from folded tokens, so typing
 * without diacritics changes nothing.
 */
import type { AnalysedQuery } from '../search/query.js';
import { COUNT_WORDS } from '../search/qtype.js';
import { foldWord } from '../search/fold.js';
import { tokenize } from '../search/tokenize.js';

export type Unit = { kind: 'money' | 'people' | 'share' } | { kind: 'word'; words: string[][] };

/** Words after `mấy` that make it "how many" (folded `may` is also `máy`, a machine). */
const MAY_UNITS = new Set(COUNT_WORDS);

const MONEY_ASKED = new Set(['tien', 'ty', 'trieu', 'kinh', 'ngan', 'von', 'nghin']);
const PEOPLE_ASKED = new Set(['nguoi', 'luot', 'nu', 'cnvcld', 'cnld', 'nld', 'cn', 'ld', 'ho', 'dv']);
const PEOPLE_PAIRS = new Set(['cong_nhan', 'doan_vien', 'lao_dong', 'thi_sinh', 'dong_chi', 'gia_dinh', 'hoc_sinh']);

/** Closing particles that fold to a content word (`vậy` → `vay`, "to borrow"). */
const PARTICLES = new Set(['vay', 'the', 'nhi', 'ha', 'nhe', 'a', 'ak', 'ah', 'ta']);

/** Words that may stand between the question word and the unit (`bao nhiêu là tiền`, `mấy cái`). */
const FILLER = new Set(['la', 'cai', 'con', 'tat', 'ca', 'tong', 'cong']);

/** The unit the question asks for, or undefined when it asks for none (not a how-many question, bare `bao nhiêu`). */
export function askedUnit(q: AnalysedQuery, text: string): Unit | undefined {
  if (q.type !== 'amount') return undefined;
  if (/(bao nhi[eê]u|bn|m[aấ]y)\s*%/iu.test(text)) return { kind: 'share' };
  const all = q.all;
  for (let i = 0; i < all.length; i++) {
    const t = all[i]!;
    const cue = (t === 'nhieu' || t === 'nhiu') && all[i - 1] === 'bao' ? 'bao' : t === 'bn' || t === 'bnhieu' ? 'bn' : t === 'may' ? 'may' : undefined;
    if (!cue) continue;
    let j = i + 1;
    if (cue !== 'may') while (j < all.length && FILLER.has(all[j]!) && !(all[j] === 'cong' && all[j + 1] === 'nhan')) j++;
    const u = all[j];
    if (!u) continue;
    if (cue === 'may' && !MAY_UNITS.has(u)) continue;
    // A unit is a word of substance (`cho`, `vậy` after `bao nhiêu` are not units).
    if (!q.folded.includes(u) || PARTICLES.has(u)) continue;
    return unitOf(u, all[j + 1], q);
  }
  if (/phần trăm|phan tram|tỷ lệ|ty le|%/i.test(text)) return { kind: 'share' };
  // A bare `bao nhiêu` about money the question names (`tổng tiền … là bao nhiêu`, `giải ngân tổng bao nhiêu`,
  // `mấy chục tỷ, cụ thể là bao nhiêu`) asks for money.
  if (MONEY_NAMED.test(text.normalize('NFC').toLowerCase())) return { kind: 'money' };
  return undefined;
}

/** Money named in a question: `tiền`, `tỷ`, `triệu`, `vốn`, `kinh phí`, `ngân sách`, `giải ngân`, `lương` (with or without diacritics; `công ty` is no `tỷ`, and the Quỹ Trợ vốn is a name). */
const MONEY_NAMED = /(?<![\p{L}\p{M}])(tiền|tien|tỷ|tỉ|(?<!(?:công|cong|c) ?)ty|trieu|triệu|(?<!(?:trợ|tro) )(?:vốn|von)|kinh phí|kinh phi|ngân sách|ngan sach|giải ngân|giai ngan|lương|luong)(?![\p{L}\p{M}])/u;

function unitOf(u: string, next: string | undefined, q: AnalysedQuery): Unit | undefined {
  if (u === 'phan' && next === 'tram') return { kind: 'share' };
  if (u === 'ty' && next === 'le') return { kind: 'share' };
  if (MONEY_ASKED.has(u) && !(u === 'ngan' && next === 'hang')) return { kind: 'money' };
  if (PEOPLE_ASKED.has(u) || PEOPLE_PAIRS.has(`${u}_${next}`)) return { kind: 'people' };
  if (/\d/.test(u)) return undefined;
  // Any other word is the unit itself, or one of its meanings (`CĐCS` → `công đoàn cơ sở`).
  return { kind: 'word', words: [[u], ...(q.meanings[u] ?? [])] };
}

const YEAR = /^(19|20)\d\d$/;
const DATE = /^\d{1,2}\/\d{1,2}(\/\d{4})?$/;
const MONEY_AFTER = new Set(['ty', 'ti', 'trieu', 'nghin', 'ngan', 'dong', 'vnd', 'usd']);
const PEOPLE_AFTER = new Set(['nguoi', 'luot', 'nu', 'cnvcld', 'cnld', 'nld', 'cnvc', 'ho', 'suat', 'em', 'chau', 'tre', 'ca']);

/** `hàng nghìn`, `hàng trăm`: a figure in words. */
const WORD_FIGURES = new Set(['nghin', 'ngan', 'tram', 'chuc', 'trieu', 'van']);

/** Numbers written as words (`hai nguồn`, `ba đợt`); folded, so `năm` (five, or year) and `ba` (three, or father) count only right before the unit. */
const NUMBER_WORDS = new Set('mot hai ba bon tu nam sau bay tam chin muoi'.split(' '));

/** Whether the unit itself follows position i: `hai nguồn`, `ba người`. */
function unitRightAfter(words: readonly string[], i: number, unit: Unit): boolean {
  if (unit.kind === 'word') return unit.words.some((w) => w.every((x, m) => words[i + 1 + m] === x));
  return unitAt(words, i, unit) && unit.kind !== 'money';
}

/** Whether tokens after position i (a figure) name the unit. */
function unitAt(words: readonly string[], i: number, unit: Unit): boolean {
  const a = words[i + 1];
  const b = words[i + 2];
  switch (unit.kind) {
    case 'money':
      return (a !== undefined && MONEY_AFTER.has(a) && !(a === 'dong' && b === 'chi')) || (b !== undefined && MONEY_AFTER.has(b) && a === 'ty');
    case 'people':
      return (a !== undefined && PEOPLE_AFTER.has(a)) || PEOPLE_PAIRS.has(`${a}_${b}`) || (a === 'nu' && b !== undefined);
    case 'share':
      return false;
    case 'word':
      // `30 doanh nghiệp`, `30 đơn vị, doanh nghiệp`, `việc làm cho 2.415 lao động`: the unit near the figure.
      return unit.words.some((w) => {
        for (let k = Math.max(0, i - 3); k <= i + 3; k++) if (k !== i && w.every((x, m) => words[k + m] === x)) return true;
        return false;
      });
  }
}

/** Whether a sentence holds a figure of the unit that the question (its folded tokens `named`) does not name. */
export function holdsUnitFigure(sentence: string, unit: Unit, named: ReadonlySet<string>): boolean {
  if (unit.kind === 'share') return /\d\s*%|phần trăm/i.test(sentence);
  const words = tokenize(sentence).map(foldWord);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (NUMBER_WORDS.has(w) && !named.has(w) && unitRightAfter(words, i, unit)) return true;
    const figure = /\d/.test(w) ? !YEAR.test(w) && !DATE.test(w) && !named.has(w) : WORD_FIGURES.has(w) && words[i - 1] === 'hang';
    if (figure && unitAt(words, i, unit)) return true;
  }
  return false;
}

/**
 * 1 when a figure of the asked unit, that the question does not already name, stands in the quote; 0 when the
 * question asks for a unit and no such figure does; 0.5 when no unit is asked.
 */
export function unitFit(unit: Unit | undefined, q: AnalysedQuery, quoted: readonly string[]): number {
  if (!unit) return 0.5;
  const named = new Set(q.all);
  return quoted.some((s) => holdsUnitFigure(s, unit, named)) ? 1 : 0;
}
