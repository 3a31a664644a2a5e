import { describe, expect, it } from 'vitest';
import { parseChoice } from '../src/conversation/choice.js';
import { parseFeedback } from '../src/conversation/feedback.js';
import { isFollowUp, topicsMentioned } from '../src/conversation/follow-up.js';
import { expiryOf, freshParts, parseConversation, type ConversationState } from '../src/conversation/state.js';
import { decide, type Decision } from '../src/inbox/respond.js';
import { MENU_TOPICS } from '../src/messages.js';
import type { StoredInbound } from '../src/store/types.js';
import { realSnapshot } from './support/knowledge.js';

const NOW = Date.UTC(2026, 10, 23, 8);
const MIN = 60_000;

describe('typed choices', () => {
  it.each([
    ['1', 1], ['2.', 2], ['#3', 3], ['# 3', 3], ['số 1', 1], ['so 2', 2], ['cái 2', 2], ['cai 2 nhe', 2], ['chọn 1 nhé', 1], ['mục 3 ạ', 3],
    ['thứ ba', 3], ['thu hai', 2], ['số hai', 2], ['câu 1', 1], [' 2 ', 2], ['2)', 2], ['12', 12],
  ])('%j picks %i', (text, n) => expect(parseChoice(text)).toBe(n));

  it.each(['', '0', 'ba', 'năm', 'năm 2024 có khám sức khỏe không', 'vay 30 triệu', '2 con được hỗ trợ không', 'tháng 5', '123', 'số điện thoại'])(
    '%j is not a choice',
    (text) => expect(parseChoice(text)).toBeUndefined(),
  );
});

describe('typed ratings', () => {
  it.each(['sai rồi', 'Sai', 'không đúng', 'ko đúng', 'không phải', 'chưa đúng ạ', 'sai rồi bạn ơi', '👎', '👎👎', 'Không đúng!'])('%j is a thumbs-down', (t) =>
    expect(parseFeedback(t)).toBe('down'),
  );
  it.each(['đúng rồi', 'dung roi', 'cảm ơn', 'cám ơn', 'cảm ơn bạn nhiều ạ', 'thanks', 'tks ad', '👍', '👍🏻', 'hữu ích quá'])('%j is a thumbs-up', (t) =>
    expect(parseFeedback(t)).toBe('up'),
  );
  it.each(['không đúng lịch thì sao', 'không phải đoàn viên có được vay không', 'sai lương thì hỏi ai', 'cảm ơn, còn khám sức khỏe?', 'đúng giờ', 'ok', '1'])(
    '%j is not a rating',
    (t) => expect(parseFeedback(t)).toBeUndefined(),
  );
});

describe('follow-ups', () => {
  it.each(['còn ở Sơn Tây?', 'con o son tay', 'cần giấy tờ gì', 'hỏi ở đâu', 'vậy còn Hoàn Kiếm thì sao', 'ở Hai Bà Trưng thì sao', 'bao nhiêu tiền'])(
    '%j leans on the previous question',
    (t) => expect(isFollowUp(t)).toBe(true),
  );
  it.each([
    'thế còn Tết?', // names another topic: a new question
    'vay vốn công đoàn thế nào', // "vay" here is a loan, not "vậy"
    'vay von o son tay the nao',
    'khám sức khỏe miễn phí ở đâu',
    'làm thế nào để được tư vấn pháp luật khi công ty nợ bảo hiểm xã hội',
    'mình làm ở khu công nghiệp Thăng Long muốn hỏi chuyện nhà trọ cho công nhân',
  ])('%j is a question of its own', (t) => expect(isFollowUp(t)).toBe(false));
  it('reads "vậy" at the start as "so", not as a loan', () => {
    expect(topicsMentioned('vậy còn Sơn Tây')).toEqual([]);
    expect(topicsMentioned('vậy Sơn Tây thì sao')).toEqual([]);
    expect(isFollowUp('vậy Sơn Tây thì sao')).toBe(true);
    expect(topicsMentioned('vay vốn thì sao')).toEqual(['vay-von']);
    expect(topicsMentioned('còn vay ở Sơn Tây')).toEqual(['vay-von']);
  });
});

describe('conversation state', () => {
  it('drops parts once they expire, each on its own', () => {
    const s: ConversationState = { choices: { items: [{ kind: 'topic', topic: 'tet' }], until: NOW + MIN }, answer: { inboundId: 4, until: NOW - 1 } };
    expect(freshParts(s, NOW)).toEqual({ choices: s.choices, answer: undefined, context: undefined });
    expect(freshParts(s, NOW + MIN)).toEqual({ choices: undefined, answer: undefined, context: undefined });
    expect(expiryOf(s)).toBe(NOW + MIN);
    expect(expiryOf({})).toBe(0);
  });
  it('reads damaged or foreign stored values as no state', () => {
    expect(parseConversation('nonsense')).toEqual({});
    expect(parseConversation({ choices: { items: [{ kind: 'topic', topic: 'no-such-topic' }], until: 1 } })).toEqual({});
    expect(parseConversation({ answer: { inboundId: 3, until: 9 } })).toEqual({ answer: { inboundId: 3, until: 9 } });
  });
});

describe('decide with conversation state', () => {
  let seq = 100;
  const msg = (text: string, over: Partial<StoredInbound> = {}): StoredInbound => ({
    id: ++seq, channel: 'zalo', deliveryKey: `k${seq}`, chatId: 'c', userId: 'u', kind: 'text', text, receivedAt: NOW, state: 'pending', ...over,
  });
  /** Runs a dialogue, each message with the state the previous one left. */
  const talk = async (texts: string[], at = NOW, ttlMs = 30 * MIN) => {
    const snap = await realSnapshot();
    let state: ConversationState = {};
    const out: (Decision & { m: StoredInbound })[] = [];
    for (const t of texts) {
      const m = msg(t);
      const d = decide(snap, m, at, { state, ttlMs });
      out.push({ ...d, m });
      state = d.state;
    }
    return out;
  };
  const replyOf = (d: Decision) => (d.action.type === 'reply' ? d.action.reply : undefined);

  it('greeting → menu → "2" answers topic 2', async () => {
    const [hello, two] = await talk(['xin chào', '2']);
    expect(hello!.state.choices?.items).toEqual(MENU_TOPICS.map((topic) => ({ kind: 'topic', topic })));
    expect(replyOf(two!)).toMatchObject({ status: 'answer', intent: 'topic' });
    expect(replyOf(two!)?.sources[0]?.file).toBe('policies/kham-suc-khoe.md');
  });

  it('a suggestion list → "1" is answered as its button is, and marked as chosen with the question', async () => {
    const snap = await realSnapshot();
    const [ask, one] = await talk(['công nhân', '1']);
    const suggest = replyOf(ask!);
    expect(suggest?.status).toBe('suggest');
    const first = suggest!.suggestions[0]!;
    expect(one!.action).toMatchObject({ type: 'reply', chosen: { docId: first.docId, question: 'công nhân' } });
    const button = decide(snap, msg(`s:${first.docId}`, { kind: 'callback', callbackQueryId: 'cbq' }), NOW, { state: ask!.state });
    expect(replyOf(button)?.text).toBe(replyOf(one!)?.text);
    expect(button.action).toMatchObject({ chosen: { docId: first.docId, question: 'công nhân' }, callbackQueryId: 'cbq' });
  });

  it('"sai rồi" right after an answer rates that answer; a second one has nothing left to rate', async () => {
    const [ask, down, again] = await talk(['6 tháng đầu năm 2024 Quỹ Trợ vốn giải ngân bao nhiêu tiền?', 'sai rồi', 'sai rồi']);
    expect(replyOf(ask!)?.status).toBe('answer');
    expect(down!.action).toEqual({ type: 'feedback', value: 'down', ratedId: ask!.m.id, callbackQueryId: undefined });
    expect(again!.action.type).toBe('hint');
  });

  it('a question that looks like a rating is answered as a question', async () => {
    const [, q] = await talk(['6 tháng đầu năm 2024 Quỹ Trợ vốn giải ngân bao nhiêu tiền?', 'không đúng lịch thì sao']);
    expect(q!.action.type).toBe('reply');
  });

  it('a follow-up is answered with the previous topic carried, and says so; without state it is not', async () => {
    const [, follow] = await talk(['vay vốn công đoàn thế nào', 'hỏi ở đâu']);
    const r = replyOf(follow!);
    expect(r?.status).toBe('answer');
    expect(r?.text).toMatch(/^Về vay vốn: /);
    expect(r?.sources[0]?.file).toBe('policies/quy-tro-von.md');
    expect(follow!.action).toMatchObject({ question: 'vay vốn công đoàn hỏi ở đâu liên hệ' });
    const [alone] = await talk(['hỏi ở đâu']);
    expect(replyOf(alone!)?.status).not.toBe('answer');
  });

  it('a new question on another topic after an answer is not a follow-up', async () => {
    const [, , loan] = await talk(['menu', '2', 'vay vốn công đoàn thế nào']);
    expect(replyOf(loan!)?.text).not.toMatch(/^Về /);
    expect(replyOf(loan!)?.sources[0]?.file).toBe('policies/quy-tro-von.md');
  });

  it('a follow-up after a menu choice leans on the chosen note, and "where" finds whom to contact', async () => {
    const [, , where] = await talk(['xin chào', '1', 'hỏi ở đâu']);
    expect(replyOf(where!)?.text).toMatch(/^Về vay vốn: Muốn vay vốn Quỹ Trợ vốn[^\n]*liên hệ Ban Chấp hành/);
  });

  it('declines a carried answer that ignores what the follow-up names', async () => {
    const [, far] = await talk(['vay vốn công đoàn thế nào', 'còn ở Đà Nẵng?']);
    expect(replyOf(far!)?.status).not.toBe('answer');
    expect(replyOf(far!)?.text).toMatch(/^Về vay vốn: (Xin lỗi|Có phải bạn muốn hỏi)/);
    expect(far!.action).toMatchObject({ question: expect.stringMatching(/^vay vốn công đoàn còn ở Đà Nẵng/) });
  });

  it('a greeting after an answer shows the menu, not a follow-up', async () => {
    const [, hello] = await talk(['vay vốn công đoàn thế nào', 'menu']);
    expect(replyOf(hello!)?.intent).toBe('welcome');
  });

  it('a full new question is not mixed with the previous one', async () => {
    const [, fresh] = await talk(['vay vốn công đoàn thế nào', 'khám sức khỏe miễn phí ở đâu']);
    expect(replyOf(fresh!)?.text).not.toMatch(/^Về /);
    expect(replyOf(fresh!)?.sources[0]?.file).toBe('policies/kham-suc-khoe.md');
  });

  it('a number after the choices expired gets the hint with the menu, which the next number picks from', async () => {
    const snap = await realSnapshot();
    const [hello] = await talk(['menu']);
    const late = decide(snap, msg('2'), NOW + 31 * MIN, { state: hello!.state, ttlMs: 30 * MIN });
    expect(late.action).toMatchObject({ type: 'hint', topics: MENU_TOPICS });
    expect(late.action.type === 'hint' && late.action.text).toMatch(/1\. Vay vốn/);
    const next = decide(snap, msg('1'), NOW + 32 * MIN, { state: late.state, ttlMs: 30 * MIN });
    expect(replyOf(next)?.sources[0]?.file).toBe('policies/quy-tro-von.md');
  });

  it('a number beyond the list asks for one in range and keeps the choices', async () => {
    const [hello, nine] = await talk(['xin chào', '9']);
    expect(nine!.action).toMatchObject({ type: 'hint', text: expect.stringMatching(/từ 1 đến 6/) });
    expect(nine!.state.choices).toEqual(hello!.state.choices);
  });
});
