import { describe, expect, it } from 'vitest';
import lunr from 'lunr';
import { answerQuestion } from '../src/answer/answer.js';
import { analyseQuery } from '../src/search/query.js';
import { realSnapshot } from './support/knowledge.js';

const ODD = [
  '',
  '   ',
  '?!?',
  'NLĐ: vay?',
  'vay~vốn^2',
  '+vay -vốn *',
  'title:vay',
  '<script>alert(1)</script>',
  '🎉🧧💰',
  '"vay vốn"',
  '\u0000\u0001\u200b',
  'x'.repeat(5000),
  'vay '.repeat(1200),
  '\uD800 lone surrogate',
];

describe('search', () => {
  it('finds the same passage with and without diacritics', async () => {
    const snap = await realSnapshot();
    const pairs = [
      ['Quỹ Trợ vốn giải ngân cho đoàn viên', 'quy tro von giai ngan cho doan vien'],
      ['tầm soát ung thư miễn phí', 'tam soat ung thu mien phi'],
      ['xe đưa công nhân về quê ăn Tết', 'xe dua cong nhan ve que an tet'],
      ['thỏa ước lao động tập thể', 'thoa uoc lao dong tap the'],
    ];
    for (const [accented, plain] of pairs) {
      const a = snap.index.search(analyseQuery(accented!, snap.kb.glossary))[0];
      const b = snap.index.search(analyseQuery(plain!, snap.kb.glossary))[0];
      expect(a, accented).toBeDefined();
      expect(b?.passage.ref, plain).toBe(a?.passage.ref);
    }
  });

  it('expands abbreviations from the glossary', async () => {
    const snap = await realSnapshot();
    const q = analyseQuery('NLĐ nợ BHXH', snap.kb.glossary);
    expect(q.folded).toEqual(expect.arrayContaining(['nld', 'no', 'bhxh']));
    expect(q.expansions.folded).toEqual(expect.arrayContaining(['nguoi', 'lao', 'dong', 'bao', 'hiem', 'xa', 'hoi']));
    expect(q.expansions.bigrams).toContain('bao_hiem');
  });

  it('replaces chat spelling and drops question words', async () => {
    const snap = await realSnapshot();
    const q = analyseQuery('cho em hỏi cty có đc vay vốn ko ạ', snap.kb.glossary);
    expect(q.folded).toEqual(['cong', 'ty', 'vay', 'von']);
    expect(q.bigrams).toEqual(['cong_ty', 'vay_von']);
  });

  it('drops modal verbs of a question (`phải làm sao`, `nên hỏi ai`): they are how a worker asks, not what', async () => {
    const snap = await realSnapshot();
    expect(analyseQuery('vay ngân hàng chính sách thì phải làm sao', snap.kb.glossary).folded).toEqual(['vay', 'ngan', 'hang', 'chinh', 'sach']);
    expect(analyseQuery('muon vay von thi phai lam sao', snap.kb.glossary).folded).toEqual(['vay', 'von']);
    expect(analyseQuery('nghỉ ốm thì nên hỏi ai', snap.kb.glossary).folded).toEqual(['nghi', 'om']);
  });

  it('never throws and never passes user text to the Lunr query parser', async () => {
    const snap = await realSnapshot();
    // The plain Lunr parser does throw on such text; our path must not.
    expect(() => lunr(function () { this.ref('id'); this.field('t'); this.add({ id: '1', t: 'vay' }); }).search('NLĐ: vay?')).toThrow();
    for (const q of ODD) {
      const r = answerQuestion(snap, q, { now: Date.now() });
      expect(['answer', 'suggest', 'decline']).toContain(r.status);
      expect(r.text.length).toBeGreaterThan(0);
    }
  });
});
