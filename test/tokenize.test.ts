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
