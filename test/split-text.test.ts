import { describe, expect, it } from 'vitest';
import { splitText } from '../src/channels/split-text.js';
import { seededRandom } from './support/random.js';


const stripSpace = (s: string): string => s.replace(/\s+/g, '');

function expectValidChunks(text: string, chunks: string[], limit: number): void {
  for (const chunk of chunks) {
    expect(chunk.length).toBeGreaterThan(0);
    expect(chunk.length).toBeLessThanOrEqual(limit);
    expect(chunk.trim().length).toBeGreaterThan(0);
    const first = chunk.charCodeAt(0);
    const last = chunk.charCodeAt(chunk.length - 1);
    expect(first >= 0xdc00 && first <= 0xdfff, 'chunk starts with a low surrogate').toBe(false);
    expect(last >= 0xd800 && last <= 0xdbff, 'chunk ends with a high surrogate').toBe(false);
  }
  expect(stripSpace(chunks.join(''))).toBe(stripSpace(text));
}

describe('splitText', () => {
  it('returns [] for empty text and [text] when it fits', () => {
    expect(splitText('', 10)).toEqual([]);
    expect(splitText('Xin chào', 10)).toEqual(['Xin chào']);
    expect(splitText('0123456789', 10)).toEqual(['0123456789']);
    expect(splitText('  spaced  ', 20)).toEqual(['  spaced  ']);
  });

  it('rejects a limit that cannot hold a surrogate pair', () => {
    expect(() => splitText('abc', 1)).toThrow(RangeError);
    expect(() => splitText('abc', 2.5)).toThrow(RangeError);
  });

  it('prefers a paragraph break over line breaks, sentences and spaces', () => {
    const text = 'Đoạn một có câu. Và dòng\nthứ hai.\n\nĐoạn hai. Câu nữa\nvà dòng cuối cùng ở đây.';
    const chunks = splitText(text, 50);
    expect(chunks[0]).toBe('Đoạn một có câu. Và dòng\nthứ hai.');
    expectValidChunks(text, chunks, 50);
  });

  it('falls back to a line break, then a sentence end, then a space', () => {
    expect(splitText('aaaa bbbb. cccc\ndddd eeee. ffff', 20)[0]).toBe('aaaa bbbb. cccc');
    expect(splitText('aaaa bbbb. cccc dddd eeee', 20)[0]).toBe('aaaa bbbb.');
    expect(splitText('Hỏi: có được không? Trả lời ngay', 22)[0]).toBe('Hỏi: có được không?');
    expect(splitText('aaaa bbbb cccc dddd eeee', 12)).toEqual(['aaaa bbbb', 'cccc dddd', 'eeee']);
  });

  it('ignores a break that would leave a tiny first chunk and cuts hard instead', () => {
    const text = `ab ${'x'.repeat(30)}`;
    const chunks = splitText(text, 10);
    expect(chunks[0]).toBe(`ab ${'x'.repeat(7)}`);
    expectValidChunks(text, chunks, 10);
  });

  it('cuts long unbroken text without splitting a surrogate pair', () => {
    const text = `a${'😀'.repeat(10)}`; // 21 code units; a cut at 4 would split the second emoji
    const chunks = splitText(text, 4);
    expect(chunks).toEqual(['a😀', '😀😀', '😀😀', '😀😀', '😀😀', '😀']);
    expectValidChunks(text, chunks, 4);
  });

  it('keeps a decomposed Vietnamese letter with its combining marks on a hard cut', () => {
    const word = 'Vie\u0302\u0323t'; // "Việt" in NFD: e + circumflex + dot below
    const text = word.repeat(6);
    const chunks = splitText(text, 8);
    for (const chunk of chunks) expect(/^\p{M}/u.test(chunk)).toBe(false);
    expectValidChunks(text, chunks, 8);
  });

  it('makes progress when a combining mark follows a surrogate pair at a tiny limit', () => {
    const text = '😀\u0301\u0301😀\u0301';
    const chunks = splitText(text, 2);
    expect(chunks.join('')).toBe(text);
    expectValidChunks(text, chunks, 2);
  });

  it('splits at Telegram and Zalo limits', () => {
    const paragraph = 'Người lao động được hưởng trợ cấp khi ốm đau. '.repeat(20).trim();
    const text = Array.from({ length: 12 }, () => paragraph).join('\n\n');
    for (const limit of [2000, 4096]) {
      const chunks = splitText(text, limit);
      expect(chunks.length).toBeGreaterThanOrEqual(Math.ceil(text.length / limit));
      expectValidChunks(text, chunks, limit);
      for (const chunk of chunks) expect(chunk.endsWith('đau.')).toBe(true);
    }
  });

  it('always returns valid chunks for random text (property test)', () => {
    const random = seededRandom(42);
    const alphabet = ['a', 'b', 'ệ', ' ', ' ', '\n', '\n\n', '.', '!', '😀', '\u0301', '\t', 'Ư'];
    for (let round = 0; round < 300; round += 1) {
      const length = Math.floor(random() * 120);
      let text = '';
      for (let i = 0; i < length; i += 1) text += alphabet[Math.floor(random() * alphabet.length)];
      const limit = 2 + Math.floor(random() * 30);
      const chunks = splitText(text, limit);
      if (text.length <= limit) {
        expect(chunks).toEqual(text === '' ? [] : [text]);
      } else {
        expectValidChunks(text, chunks, limit);
      }
    }
  });
});
