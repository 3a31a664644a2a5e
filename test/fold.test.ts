import { describe, expect, it } from 'vitest';
import { dropStrayMarks, fold, hasDiacritics } from '../src/search/fold.js';

describe('fold', () => {
  it('strips tones, marks and đ, lowercases and collapses spaces', () => {
    expect(fold('  Công   Đoàn cơ sở  ')).toBe('cong doan co so');
    expect(fold('Quỹ Trợ vốn CNVCLĐ')).toBe('quy tro von cnvcld');
    expect(fold('khỏe khoẻ')).toBe('khoe khoe');
  });
  it('treats precomposed (NFC) and combining (NFD) input alike', () => {
    const nfc = 'người lao động'.normalize('NFC');
    expect(fold(nfc.normalize('NFD'))).toBe(fold(nfc));
  });
  it('is idempotent', () => {
    for (const s of ['Đoàn viên', 'vay~vốn^2', '17,3 tỷ đồng', '🎉 Tết']) expect(fold(fold(s))).toBe(fold(s));
  });
  it('detects diacritics', () => {
    expect(hasDiacritics('vay vốn')).toBe(true);
    expect(hasDiacritics('đ')).toBe(true);
    expect(hasDiacritics('vay von')).toBe(false);
  });

  it('drops marks Vietnamese never writes and keeps the word\'s own, in the order typed', () => {
    expect(dropStrayMarks('phí\u0323')).toBe('phí'); // a second tone on a vowel: the first typed stays
    expect(dropStrayMarks('hi\u0301\u0301')).toBe('hí');
    expect(dropStrayMarks('vốṇ 5\u0301 😀\u0303 đ\u0301 \u0301x')).toBe('vốn 5 😀 đ x');
    expect(dropStrayMarks('e\u0302\u0301 ư\u031b')).toBe('ế ư'); // shape and tone together stay, a repeated horn goes
    expect(dropStrayMarks('Quỹ Trợ vốn CNVCLĐ 한국어')).toBe('Quỹ Trợ vốn CNVCLĐ 한국어');
    expect(dropStrayMarks('người lao động'.normalize('NFD'))).toBe('người lao động'.normalize('NFC'));
  });
});
