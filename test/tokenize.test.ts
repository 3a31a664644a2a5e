import { describe, expect, it } from 'vitest';
import { bigrams, tokenize, tokenizePhrases } from '../src/search/tokenize.js';

describe('tokenize', () => {
  it('keeps Vietnamese letters with their marks, lowercased, NFC', () => {
    expect(tokenize('Quỹ Trợ vốn'.normalize('NFD'))).toEqual(['quỹ', 'trợ', 'vốn']);
  });
  it('keeps numbers with inner separators as one token', () => {
    expect(tokenize('giải ngân 17,3 tỷ; 4.158 doanh nghiệp; đến 31/5/2024 (35%)')).toEqual([
      'giải', 'ngân', '17,3', 'tỷ', '4.158', 'doanh', 'nghiệp', 'đến', '31/5/2024', '35',
    ]);
  });
  it('reads a figure in thousands said in words as the number the articles write', () => {
    expect(tokenize('550 nghìn lượt, 1,5 ngàn người, quà 500k')).toEqual(['550.000', 'lượt', '1.500', 'người', 'quà', '500.000']);
    expect(tokenize('12 nghin dong')).toEqual(['12.000', 'dong']);
    // No digit, a longer word, folded `ngan` (`ngân hàng`), or a number already grouped: left as typed.
    expect(tokenize('hàng nghìn công nhân')).toEqual(['hàng', 'nghìn', 'công', 'nhân']);
    expect(tokenize('5 nghinh, 5 ngan hang, 3k3, 2.915 nghìn')).toEqual(['5', 'nghinh', '5', 'ngan', 'hang', '3k3', '2.915', 'nghìn']);
  });
  it('drops punctuation, emoji and markup', () => {
    expect(tokenize('NLĐ: vay?')).toEqual(['nlđ', 'vay']);
    expect(tokenize('<script>alert(1)</script> 🎉')).toEqual(['script', 'alert', '1', 'script']);
    expect(tokenize('vay~vốn^2')).toEqual(['vay', 'vốn', '2']);
    expect(tokenize('?!… ---')).toEqual([]);
  });
  it('splits phrases at sentence punctuation but not inside numbers', () => {
    expect(tokenizePhrases('Vay vốn. Được 17,3 tỷ; tốt')).toEqual([['vay', 'vốn'], ['được', '17,3', 'tỷ'], ['tốt']]);
  });
  it('makes syllable bigrams joined by _', () => {
    expect(bigrams(['vay', 'von', 'cong'])).toEqual(['vay_von', 'von_cong']);
    expect(bigrams(['vay'])).toEqual([]);
  });
});
