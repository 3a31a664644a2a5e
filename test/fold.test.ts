import { describe, expect, it } from 'vitest';
import { fold, hasDiacritics } from '../src/search/fold.js';

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
});
