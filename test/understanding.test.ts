import { beforeAll, describe, expect, it } from 'vitest';
import { analyseQuestion, answerQuestion } from '../src/answer/answer.js';
import { extractSentences, figureNote } from '../src/answer/compose.js';
import { buildSnapshot } from '../src/answer/snapshot.js';
import { focusCoverage, focusOf } from '../src/answer/focus.js';
import { chooseAnswerCutoff, fitLogistic, probability } from '../src/answer/model.js';
import { ANSWER_POLICY } from '../src/answer/policy.js';
import { smallTalkOf } from '../src/answer/smalltalk.js';
import { parseGlossary } from '../src/knowledge/glossary.js';
import { readKnowledgeFiles } from '../src/knowledge/load.js';
import { analyseQuery } from '../src/search/query.js';
import { questionTypeOf } from '../src/search/qtype.js';
import { askedFit, FEATURE_NAMES, ordinalsOf, rivals, vetoOf } from '../src/answer/features.js';
import { askedUnit, holdsUnitFigure, unitFit } from '../src/answer/units.js';
import { phrasingMatch } from '../src/answer/phrasing.js';
import { repairQuery, repairWord } from '../src/search/repair.js';
import { KNOWLEDGE_DIR, realSnapshot } from './support/knowledge.js';

const NOW = Date.UTC(2026, 10, 23);

/** A ward union's note on winter coats, as an officer would write it, with the given paragraphs. */
const aoAmNote = (...paragraphs: string[]) =>
  ['---', 'title: "Công đoàn phường tặng áo ấm cho công nhân"', 'date: "2025-11"', 'source: "LĐLĐ phường"', 'origin: "ao-am.txt"', 'topics: [ho-tro]', '---', '', ...paragraphs.flatMap((x) => [x, ''])].join('\n');

describe('figures in words', () => {
  it('finds the figure an article writes in digits when the worker writes it in thousands', async () => {
    const note = aoAmNote(
      'Mùa đông năm 2025, Công đoàn phường tặng áo ấm cho 1.200 công nhân ở trọ.',
      'Cũng mùa đông năm 2025, Công đoàn phường tặng 350 suất quà cho công nhân ở trọ.',
    );
    const snap = buildSnapshot([{ file: 'articles/ao-am.md', text: note }]);
    for (const q of ['1,2 nghìn công nhân được tặng áo ấm là năm nào', '1,2k cong nhan duoc tang ao am la nam nao']) {
      const a = analyseQuestion(snap, q, ANSWER_POLICY);
      expect(a.kind === 'candidate' && a.sentences.join(' '), q).toMatch(/1\.200 công nhân/);
      // The question's figure is the quote's: nothing it names is missing.
      if (a.kind === 'candidate') expect(a.features[FEATURE_NAMES.indexOf('numberGap')], q).toBe(0);
    }
  });
});

describe('thesaurus', () => {
  it('is validated and expands a question with the group\'s other terms', async () => {
    const bad = parseGlossary({ file: 'glossary.yaml', text: 'abbreviations: []\nchat: []\nthesaurus:\n  - { terms: [vay] }\n' });
    expect(bad.ok).toBe(false);
    const snap = await realSnapshot();
    const q = analyseQuery('mượn tiền công đoàn', snap.kb.glossary);
    expect(q.alterations.flatMap((a) => a.terms)).toContain('vay_von');
    expect(q.meanings['muon']?.some((m) => m.join(' ') === 'vay von')).toBe(true);
  });
});

describe('question focus', () => {
  it('in a long message, the clauses that ask carry the words; a tag (`…, đúng không?`) asks about the clause before it', async () => {
    const { glossary } = (await realSnapshot()).kb;
    const tagged = analyseQuery('con gái tôi làm công nhân, cty nhỏ. nghe nói công đoàn quận có tư vấn pháp luật miễn phí, có đúng không?', glossary);
    expect(tagged.asking).toEqual(expect.arrayContaining(['tu', 'van', 'phap', 'luat']));
    expect(tagged.asking).not.toContain('gai');
    // Particles and forms of address closing the line do not hide the closing `không`.
    const closing = analyseQuery('vợ em mới sinh, công đoàn có thẻ khám răng miễn phí, thật ko mn', glossary);
    expect(closing.asking).toEqual(expect.arrayContaining(['kham', 'rang']));
    expect(closing.asking).not.toContain('sinh');
    // `thì` joins a question's topic to what it asks, and typed without diacritics it is also `thi` / `thị`.
    expect(analyseQuery('muốn vào công đoàn thì làm thế nào', glossary).asking).toEqual([]);
    expect(analyseQuery('dia chi lien doan lao dong thi xa son tay o dau', glossary).asking).toEqual([]);
    // `hội` (Hội khỏe, hội nghị) is not `hỏi`: a clause naming one does not ask.
    const festival = analyseQuery('Năm ngoái em được đi Hội khỏe của công ty, vui lắm. Năm nay công đoàn có tổ chức khám sức khỏe không', glossary);
    expect(festival.asking).toContain('kham');
    expect(festival.asking).not.toContain('ngoai');
  });

  it('gives no weight to words neither knowledge nor glossary knows, and declines uncovered domain terms', async () => {
    const snap = await realSnapshot();
    const q = analyseQuery('vợ em sắp sinh, vay vốn công đoàn ở đâu', snap.kb.glossary);
    expect(focusOf(q, snap.index).weights.get('vo')).toBe(0);
    const r = answerQuestion(snap, 'nghỉ thai sản được mấy tháng', { now: NOW });
    expect(r).toMatchObject({ status: 'decline', intent: 'question', reason: 'uncovered' });
    expect(r.text).toContain('thai sản');
  });
});

describe('question type', () => {
  it('reads the type from cue words', () => {
    expect(questionTypeOf('quy tro von giai ngan bao nhieu')).toBe('amount');
    expect(questionTypeOf('vay von o dau')).toBe('where');
    expect(questionTypeOf('vay von the nao')).toBe('how');
    expect(questionTypeOf('quy tro von la gi')).toBe('what');
    expect(questionTypeOf('co kham mien phi khong')).toBe('yesno');
    // `… thì sao` asks what to do about it.
    expect(questionTypeOf('cong ty cham dong bao hiem thi sao')).toBe('how');
    // Folded `may` asks how many before a counting word (`mấy CĐCS`, `mấy nghề`), not as a machine or sewing.
    expect(questionTypeOf('o son tay co may cdcs duoc giai ngan')).toBe('amount');
    expect(questionTypeOf('hoi thi tho gioi thi may nghe')).toBe('amount');
    expect(questionTypeOf('cong nhan may o kcn quang minh')).toBe('other');
    expect(questionTypeOf('may tinh cua cong doan')).toBe('other');
    // `ngày mấy`, `năm mấy` ask when; `mấy ngày` counts.
    expect(questionTypeOf('ngay may thi phat ao am')).toBe('when');
    expect(questionTypeOf('nam may thi co chuong trinh nay')).toBe('when');
    expect(questionTypeOf('nghi may ngay')).toBe('amount');
  });

  it('a `who` question (`X là ai`) is answered from a sentence naming a person, and only from one', () => {
    expect(questionTypeOf('chu tich cong doan phuong la ai')).toBe('who');
    expect(questionTypeOf('ai la truong ban nu cong')).toBe('who');
    // Whom to ask, and whom a benefit is for, are not who a person is.
    expect(questionTypeOf('muon vay von thi hoi ai')).toBe('where');
    expect(questionTypeOf('ao am danh cho nhung ai')).not.toBe('who');
    const note = aoAmNote(
      'Mùa đông năm 2025, Công đoàn phường tặng 300 áo ấm cho công nhân ở trọ, theo đề nghị của Thủ tướng và Chủ tịch Công đoàn phường.',
      'Đồng chí Trần Thị Hoa - Chủ tịch Công đoàn phường cho biết, áo ấm được trao tại nhà văn hóa phường.',
    );
    const snap = buildSnapshot([{ file: 'articles/ao-am.md', text: note }]);
    const a = analyseQuestion(snap, 'chủ tịch công đoàn phường là ai?', ANSWER_POLICY);
    expect(a.kind === 'candidate' && a.sentences.join(' ')).toMatch(/Trần Thị Hoa/);
    // A title the knowledge mentions with no one's name is not answered by the sentence that mentions it.
    const pm = analyseQuestion(snap, 'thủ tướng là ai', ANSWER_POLICY);
    if (pm.kind === 'candidate') expect(vetoOf(pm.features)).toBe('type');
    expect(answerQuestion(snap, 'thủ tướng là ai', { now: NOW }).status).not.toBe('answer');
  });

  it('reads the type from the clauses that ask, and a sentence of the story closed by a full stop does not ask', async () => {
    const { glossary } = (await realSnapshot()).kb;
    const story = analyseQuery('Năm nay tổ chị có mấy sáng kiến cải tiến. Chị muốn được xét danh hiệu công nhân giỏi thì hỏi ai?', glossary);
    expect(story.type).toBe('where');
    expect(story.asking).not.toContain('sang');
    // The same words as the closing question do ask, and a number's full stop (`1.620`) closes no sentence.
    expect(analyseQuery('Chị muốn xét công nhân giỏi. Năm nay tổ chị có mấy sáng kiến?', glossary).type).toBe('amount');
    expect(analyseQuery('em ở Sơn Tây, năm 2023 có 1.620 công nhân giỏi à, mấy người cấp thành phố', glossary).type).toBe('amount');
  });
});

describe('quoting the thing asked about', () => {
  it('adds the sentence that names what a `… gì` question asks about when the best-scoring ones do not', () => {
    const note = [
      '---',
      'title: "Hội nghị của người lao động với lãnh đạo phường"',
      'date: "2025-03"',
      'source: "LĐLĐ phường"',
      'origin: "hoi-nghi.txt"',
      'topics: [phap-luat]',
      '---',
      '',
      'Năm 2025, Công đoàn phường tổ chức hội nghị gặp mặt giữa người lao động và lãnh đạo phường tại nhà văn hóa. Hội nghị có 80 người lao động tham dự. Các ý kiến tập trung vào Luật Việc làm và giờ làm thêm.',
      '',
    ].join('\n');
    const snap = buildSnapshot([{ file: 'articles/hoi-nghi-phuong.md', text: note }]);
    const passage = [...snap.index.passages.values()].find((p) => p.text.includes('Luật Việc làm'))!;
    const quoteFor = (question: string) => {
      const q = analyseQuery(question, snap.kb.glossary);
      return extractSentences(passage, q, snap.index, { ...ANSWER_POLICY, maxSentences: 1 }, focusOf(q, snap.index)).join(' ');
    };
    // The meeting sentence scores best; the one naming the law is added.
    expect(quoteFor('hội nghị người lao động với lãnh đạo phường năm 2025 góp ý về luật gì')).toContain('Luật Việc làm');
    // Without a thing asked about, nothing is added.
    expect(quoteFor('hội nghị người lao động với lãnh đạo phường năm 2025 tổ chức ở đâu')).not.toContain('Luật Việc làm');
  });
});

describe('asked unit and edition', () => {
  const glossary = realSnapshot().then((s) => s.kb.glossary);
  let q: (text: string) => ReturnType<typeof analyseQuery>;
  beforeAll(async () => {
    const g = await glossary;
    q = (text) => analyseQuery(text, g);
  });
  it('reads the unit a how-many question asks for, with or without diacritics', () => {
    expect(askedUnit(q('quỹ trợ vốn giải ngân bao nhiêu tiền'), 'quỹ trợ vốn giải ngân bao nhiêu tiền')).toEqual({ kind: 'money' });
    expect(askedUnit(q('co bn nguoi dc kham'), 'co bn nguoi dc kham')).toEqual({ kind: 'people' });
    expect(askedUnit(q('bao nhiêu % DN ký thỏa ước'), 'bao nhiêu % DN ký thỏa ước')).toEqual({ kind: 'share' });
    expect(askedUnit(q('đã tổ chức mấy đợt rồi'), 'đã tổ chức mấy đợt rồi')).toMatchObject({ kind: 'word', words: [['dot']] });
    // `máy` (a machine) is not `mấy`; `bao nhiêu vậy` names no unit; a question that counts nothing asks none.
    expect(askedUnit(q('bị máy kẹp tay bao nhiêu vậy'), 'bị máy kẹp tay bao nhiêu vậy')).toBeUndefined();
    expect(askedUnit(q('vay vốn ở đâu'), 'vay vốn ở đâu')).toBeUndefined();
    // A bare `bao nhiêu` about money the question names asks for money; `công ty`, `cty` hold no `tỷ`, nor the Quỹ Trợ vốn's name money.
    for (const t of ['tổng kinh phí sửa nhà văn hóa là bao nhiêu', 'quy giai ngan dc bao nhieu', 'nghe nói mấy chục tỷ, cụ thể là bao nhiêu'])
      expect(askedUnit(q(t), t), t).toEqual({ kind: 'money' });
    for (const t of ['công ty em có bao nhiêu', 'cty co bao nhieu', 'cong ty dat bao nhieu', 'quỹ trợ vốn năm nay được bao nhiêu'])
      expect(askedUnit(q(t), t), t).toBeUndefined();
  });
  it('says whether a sentence holds a new figure of that unit', () => {
    const named = new Set<string>(['2024']);
    expect(holdsUnitFigure('Trao hỗ trợ cho 1.986 nữ CNVCLĐ.', { kind: 'money' }, named)).toBe(false);
    expect(holdsUnitFigure('Với tổng số tiền 1,988 tỷ đồng.', { kind: 'money' }, named)).toBe(true);
    expect(holdsUnitFigure('Năm 2024 có 2 đồng chí đạt danh hiệu.', { kind: 'money' }, named)).toBe(false);
    expect(holdsUnitFigure('Năm 2024 có 2 đồng chí đạt danh hiệu.', { kind: 'people' }, named)).toBe(true);
    expect(holdsUnitFigure('Tổ chức hàng nghìn chuyến xe.', { kind: 'word', words: [['chuyen']] }, named)).toBe(true);
    expect(holdsUnitFigure('Có ít nhất 35% bản thỏa ước.', { kind: 'share' }, named)).toBe(true);
    // A number written as a word counts right before its unit: `hai nguồn`, not `năm 2023 có nguồn`.
    expect(holdsUnitFigure('Đoàn viên được vay từ hai nguồn vốn.', { kind: 'word', words: [['nguon']] }, named)).toBe(true);
    expect(holdsUnitFigure('Năm 2023 có nguồn vốn mới.', { kind: 'word', words: [['nguon']] }, named)).toBe(false);
    expect(holdsUnitFigure('Ba người được khen thưởng.', { kind: 'people' }, named)).toBe(true);
    const query = q('6 tháng đầu 2024 hỗ trợ tổng cộng bao nhiêu tiền');
    expect(unitFit(askedUnit(query, '6 tháng đầu 2024 hỗ trợ tổng cộng bao nhiêu tiền'), query, ['Trong 6 tháng đầu năm 2024 đã trao hỗ trợ cho 1.986 nữ CNVCLĐ.'])).toBe(0);
  });
  it('reads numbered editions, so `lần thứ 3` is not answered by `lần thứ 2`', () => {
    expect(ordinalsOf(['hoi', 'thi', 'lan', 'thu', '3', 'khoa', 'xiii'])).toEqual(['thu 3', 'khoa xiii']);
    expect(ordinalsOf(['thu', 'bay', '2', 'nguoi'])).toEqual([]);
  });
});

describe('rival documents', () => {
  it('counts other documents matching the question as fully as the best passage', async () => {
    const snap = await realSnapshot();
    const candidate = (text: string) => {
      const a = analyseQuestion(snap, text, ANSWER_POLICY);
      if (a.kind !== 'candidate') throw new Error(`no candidate for ${text}`);
      return { ...a, focus: focusOf(a.q, snap.index) };
    };
    // The loan figure is told by the loan note and by the article it came from.
    const figure = candidate('quỹ trợ vốn giải ngân 17,3 tỷ đồng cho bao nhiêu đoàn viên');
    expect(rivals(figure.hits, figure.q, figure.focus)).toBeGreaterThanOrEqual(Math.log1p(1));
    expect(rivals(figure.hits.slice(0, 1), figure.q, figure.focus)).toBe(0);
    const vague = candidate('hỗ trợ');
    // A bare topic word is matched fully by many notes.
    expect(rivals(vague.hits, vague.q, vague.focus)).toBeGreaterThanOrEqual(Math.log1p(3));
    expect(rivals(vague.hits, vague.q, vague.focus)).toBeLessThanOrEqual(Math.log1p(5));
  });
});

describe('calibration', () => {
  it('fits a logistic regression and picks the cut-off for the wrong-answer budget', () => {
    const xs = Array.from({ length: 40 }, (_, i) => FEATURE_NAMES.map((_, j) => (j === 0 ? i / 40 : 0.5)));
    const ys = xs.map((x) => (x[0]! > 0.5 ? 1 : 0));
    const fit = fitLogistic(xs, ys);
    const model = { ...fit, answerAt: 0.5, suggestAt: 0.25 };
    expect(probability(model, xs[39]!)).toBeGreaterThan(probability(model, xs[0]!));
    expect(chooseAnswerCutoff([0.9, 0.8, 0.7, 0.6], [true, true, false, true], 0)).toBe(0.8);
  });
});

describe('honest unknowns, small talk, figure dates', () => {
  it('declines with reason unknown when the note says it lacks what was asked', async () => {
    const snap = await realSnapshot();
    const r = answerQuestion(snap, 'lãi suất vay Quỹ Trợ vốn một tháng là bao nhiêu', { now: NOW });
    expect(r).toMatchObject({ status: 'decline', intent: 'question', reason: 'unknown' });
    expect(r.text).toMatch(/chưa có thông tin về lãi suất/);
  });

  it('answers a where / whom question from the sentence saying whom to ask, though the note lacks another detail it names', () => {
    const note = aoAmNote(
      'Mùa đông năm 2025, Công đoàn phường tặng áo ấm cho công nhân ở trọ. Muốn nhận áo ấm, bạn hãy liên hệ Ban Chấp hành công đoàn cơ sở nơi bạn làm việc. Bài viết chưa có thông tin về hạn đăng ký nhận áo ấm.',
    );
    const snap = buildSnapshot([{ file: 'articles/ao-am.md', text: note }]);
    const where = answerQuestion(snap, 'đăng ký nhận áo ấm của công đoàn phường ở đâu?', { now: NOW });
    expect(where.reason).not.toBe('unknown');
    expect(analyseQuestion(snap, 'đăng ký nhận áo ấm của công đoàn phường ở đâu?', ANSWER_POLICY).kind).toBe('candidate');
    // Asked when, the same note honestly does not know.
    expect(answerQuestion(snap, 'hạn đăng ký nhận áo ấm của công đoàn phường là khi nào?', { now: NOW })).toMatchObject({ status: 'decline', reason: 'unknown' });
  });

  it('reads an unknown typed without diacritics when its question word is the other reading (`toi da` for `tối đa`)', async () => {
    const note = aoAmNote(
      'Mùa đông năm 2025, Công đoàn phường tặng 300 áo ấm cho công nhân ở trọ. Muốn nhận áo ấm, bạn hãy liên hệ Ban Chấp hành công đoàn cơ sở nơi bạn làm việc. Bài viết chưa có thông tin về số áo tối đa một người được nhận.',
    );
    // Among the real notes, so that the pair weighs what it weighs in a knowledge base of today's size.
    const snap = buildSnapshot([...(await readKnowledgeFiles(KNOWLEDGE_DIR)), { file: 'articles/ao-am.md', text: note }]);
    // Folded, `toi` is also `tôi` and `da` also `đã`: both are question words, and only the pair finds the gap.
    for (const text of ['moi nguoi nhan dc toi da bn ao am', 'mỗi người nhận được tối đa bao nhiêu áo ấm']) {
      expect(answerQuestion(snap, text, { now: NOW }), text).toMatchObject({ status: 'decline', reason: 'unknown' });
    }
    // `tôi đã` in a question is not that pair.
    expect(analyseQuestion(snap, 'tôi đã nhận áo ấm của công đoàn phường, có được nhận thêm không', ANSWER_POLICY).kind).not.toBe('unknown');
  });

  it('never offers a passage that only says what its note does not know as a candidate answer', async () => {
    const snap = await realSnapshot();
    // `tối đa` and `mấy` match the Quỹ Trợ vốn "chưa có thông tin … mức vay tối đa" paragraph, which knows nothing of
    // football; that paragraph is not a candidate, so nothing of it is quoted or suggested.
    const a = analyseQuestion(snap, 'tối đa đá mấy trận', ANSWER_POLICY);
    if (a.kind === 'candidate') {
      expect(a.top.passage.sentences.some((s) => !/chưa có thông tin/.test(s))).toBe(true);
      expect(a.sentences.join(' ')).not.toMatch(/chưa có thông tin/);
    }
    expect(answerQuestion(snap, 'tối đa đá mấy trận', { now: NOW }).text).not.toMatch(/Ghi chú này/);
  });

  it('answers small talk from messages, never quoting knowledge, with an intent the dispatcher does not queue', async () => {
    const snap = await realSnapshot();
    for (const t of ['bạn là ai', 'cảm ơn ạ', 'ok', 'tạm biệt', 'bot ngu quá']) {
      expect(smallTalkOf(t), t).toBeDefined();
      const r = answerQuestion(snap, t, { now: NOW });
      expect(r).toMatchObject({ intent: 'smalltalk', sources: [] });
      expect(r.text).not.toMatch(/Nguồn:/);
    }
    expect(smallTalkOf('cảm ơn, vay vốn công đoàn thế nào')).toBeUndefined();
  });

  it('names the quoted figure\'s year, and adds nothing without a figure', async () => {
    const snap = await realSnapshot();
    const p = [...snap.index.passages.values()].find((x) => x.text.includes('190.000.000'))!;
    expect(figureNote(['Năm 2017, LĐLĐ quận Hai Bà Trưng sửa chữa 13 nhà.'], p, NOW, ANSWER_POLICY)).toMatch(/số liệu năm 2017/);
    expect(figureNote(['Công đoàn hỗ trợ đoàn viên khó khăn.'], p, NOW, ANSWER_POLICY)).toBeUndefined();
  });
});

describe('spelling repair', () => {
  it('reads run-together words and slips that no syllable spells, and leaves real syllables alone', async () => {
    const snap = await realSnapshot();
    expect(repairWord('doanvien', snap.index)).toEqual(['doan', 'vien']);
    expect(repairWord('thag', snap.index)).toEqual(['thang']);
    expect(repairWord('nhna', snap.index)).toEqual(['nhan']);
    // Real syllables, short foreign words and roman numerals are taken as typed.
    for (const w of ['nuoi', 'xuong', 'hoang', 'name', 'what', 'xviii', 'abc']) expect(repairWord(w, snap.index), w).toBeUndefined();
    const q = repairQuery(analyseQuery('muốn làm doanvien thì hỏi ai', snap.kb.glossary), snap.index);
    expect(q.meanings['doanvien']).toEqual([['doan', 'vien']]);
    expect(q.alterations.flatMap((a) => a.terms)).toContain('doan_vien');
  });

  it('a run-together word counts as covered when the passage holds its word pair', async () => {
    const snap = await realSnapshot();
    const a = analyseQuestion(snap, 'vayvon congdoan o dau', ANSWER_POLICY);
    if (a.kind !== 'candidate') throw new Error(a.kind);
    const focus = focusOf(a.q, snap.index);
    expect([...focus.standIns].sort()).toEqual(['congdoan', 'vayvon']);
    expect(a.top.matched.has('vay_von')).toBe(true);
    expect(focusCoverage(a.top, a.q, focus)).toBe(1);
    // A word the knowledge holds keeps the stricter reading: its own meanings must match word by word.
    expect(focus.standIns.has('o')).toBe(false);
  });
});

describe('the thing asked about, as a veto', () => {
  it('a quote that does not name the thing asked for by name is vetoed; time words want a number; verbs want nothing', async () => {
    const { glossary } = (await realSnapshot()).kb;
    const fitOf = (question: string, quote: string) => askedFit(analyseQuery(question, glossary), [quote]);
    const quote = 'Trong tháng 5/2024, công đoàn tổ chức hội thao cho đoàn viên.';
    expect(fitOf('hội thao tổ chức ở sân nào?', quote)).toBe(0);
    expect(fitOf('hội thao tổ chức ở sân nào?', 'Hội thao tổ chức ở sân Thành Cổ.')).toBe(1);
    expect(fitOf('hội thao tổ chức tháng nào?', quote)).not.toBe(0);
    expect(fitOf('hội thao tổ chức đợt nào?', 'Công đoàn tổ chức hội thao cho đoàn viên.')).toBe(0);
    expect(fitOf('hội thao làm gì?', quote)).toBe(0.5);
    expect(fitOf('giải bóng đá tên là gì?', 'Giải có tên Cúp Báo Lao động Thủ đô.')).toBe(0.5);
    const x = FEATURE_NAMES.map(() => 0.5);
    x[FEATURE_NAMES.indexOf('asked')] = 0;
    for (const f of ['context', 'yearGap', 'unknownNames'] as const) x[FEATURE_NAMES.indexOf(f)] = 0;
    expect(vetoOf(x)).toBe('asked');
  });

  it('a real question asking where a venue is, which the knowledge does not say, is not answered', async () => {
    const snap = await realSnapshot();
    const a = analyseQuestion(snap, 'Hội thao CNVCLĐ thị xã Sơn Tây 2024 tổ chức ở sân nào?', ANSWER_POLICY);
    expect(a.kind === 'candidate' && vetoOf(a.features)).toBe('asked');
    expect(answerQuestion(snap, 'Hội thao CNVCLĐ thị xã Sơn Tây 2024 tổ chức ở sân nào?', { now: NOW }).status).not.toBe('answer');
  });
});

describe('unknown names', () => {
  it('a capitalised name the knowledge lacks, in the asking clause, vetoes the answer; a name in the context does not', async () => {
    const snap = await realSnapshot();
    const asked = focusOf(analyseQuery('Ở Bình Dương vay vốn công đoàn thế nào?', snap.kb.glossary), snap.index);
    expect(asked.unknownNames).toEqual(['binh duong']);
    const context = focusOf(analyseQuery('Em quê Thanh Hóa, làm ở Hà Nội, cho em hỏi vay vốn công đoàn ở đâu?', snap.kb.glossary), snap.index);
    expect(context.unknownNames).toEqual([]);
    const r = answerQuestion(snap, 'Ở Bình Dương vay vốn công đoàn thế nào?', { now: NOW });
    expect(r.status).not.toBe('answer');
  });
});

describe('known phrasings', () => {
  it("a question saying the same as a note's `questions` is answered from that note, other wording is not", async () => {
    const snap = await realSnapshot();
    const doc = snap.kb.docs.find((d) => d.file === 'policies/tet.md')!;
    const kb = { ...snap.kb, docs: snap.kb.docs.map((d) => (d === doc ? { ...d, questions: ['giá vé xe khách dịp cuối năm bao nhiêu'] } : d)) };
    const withPhrasing = { ...snap, kb };
    expect(phrasingMatch(analyseQuery('Giá vé xe khách dịp cuối năm là bao nhiêu ạ?', kb.glossary), kb.docs, kb.glossary)?.doc.file).toBe('policies/tet.md');
    expect(phrasingMatch(analyseQuery('giá vé máy bay năm 2025', kb.glossary), kb.docs, kb.glossary)).toBeUndefined();
    const r = answerQuestion(withPhrasing, 'Giá vé xe khách dịp cuối năm là bao nhiêu ạ?', { now: NOW });
    expect(r).toMatchObject({ status: 'answer', sources: [{ file: 'policies/tet.md' }] });
  });

  it('a known phrasing does not answer for a place or a domain term the knowledge lacks', async () => {
    const snap = await realSnapshot();
    const doc = snap.kb.docs.find((d) => d.file === 'policies/quy-tro-von.md')!;
    const kb = { ...snap.kb, docs: snap.kb.docs.map((d) => (d === doc ? { ...d, questions: ['vay vốn công đoàn thế nào'] } : d)) };
    const withPhrasing = { ...snap, kb };
    expect(answerQuestion(withPhrasing, 'vay vốn công đoàn thế nào?', { now: NOW })).toMatchObject({ status: 'answer', sources: [{ file: 'policies/quy-tro-von.md' }] });
    // Dice of {binh, duong, vay, von, cong, doan} with {vay, von, cong, doan} is 0.8: the words match, the place does not.
    expect(answerQuestion(withPhrasing, 'ở Bình Dương vay vốn công đoàn thế nào', { now: NOW }).status).not.toBe('answer');
    expect(answerQuestion(withPhrasing, 'vay vốn công đoàn thai sản thế nào', { now: NOW }).status).not.toBe('answer');
  });
});
