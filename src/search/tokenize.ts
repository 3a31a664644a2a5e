/**
 * Tokenizer for Vietnamese text: NFC, lowercase, keeps letters (with their marks) and numbers
 * written with inner separators (`17,3`, `4.158`, `31/5/2024`) as single tokens.
 */
const TOKEN = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:[.,/][\p{N}]+)*/gu; // a mark never starts a token (`😀\u0303` has none)
/** Breaks that end a phrase: bigrams never cross them. */
const PHRASE_BREAK = /[.!?;:()\[\]{}"“”«»\n|]+(?!\p{N})|[–—]|\s-\s/u;

/**
 * A figure in thousands said in words (`550 nghìn`, `1,5 ngàn`, `500k`): articles write it in digits
 * (`550.000`), so both sides read it as the number. Folded `ngan` is left alone (`5 ngân hàng`).
 */
const THOUSANDS = /(?<![\p{N}.,])(\d+)(?:,(\d{1,3}))?(?:\s*(?:nghìn|ngàn|nghin)|k)(?![\p{L}\p{M}\p{N}])/gu;

const inThousands = (match: string, whole: string, fraction = ''): string =>
  String(Number(whole) * 1000 + Number(fraction.padEnd(3, '0')))
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/** Splits text into lowercase NFC tokens. */
export function tokenize(text: string): string[] {
  return text.normalize('NFC').toLowerCase().replace(THOUSANDS, inThousands).match(TOKEN) ?? [];
}

/** Splits text into phrases (runs of tokens not separated by sentence punctuation). */
export function tokenizePhrases(text: string): string[][] {
  return text
    .normalize('NFC')
    .split(PHRASE_BREAK)
    .map(tokenize)
    .filter((p) => p.length > 0);
}

/** Syllable bigrams `a_b` of adjacent tokens; `_` because Lunr's tokenizer splits on `-`. */
export function bigrams(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < tokens.length; i++) out.push(`${tokens[i - 1]}_${tokens[i]}`);
  return out;
}
