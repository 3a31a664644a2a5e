/**
 * "Thử câu hỏi": the reply a worker would get, with why. The one adapter over the answerer: it reads only what
 * answerQuestion's Reply and the search index expose publicly (status, text, confidence, sources; analyseQuery,
 * index.search), so the answerer's internals can change without touching the admin page.
 */
import { answerQuestion, type Snapshot } from '../answer/answer.js';
import { ANSWER_POLICY } from '../answer/policy.js';
import { tryMsg } from '../messages.js';
import { foldWord } from '../search/fold.js';
import { analyseQuery } from '../search/query.js';
import { tokenize } from '../search/tokenize.js';

export interface TryResult {
  status: 'answer' | 'suggest' | 'decline';
  text: string;
  confidence: number;
  /** The three best paragraphs found for the question, best first, with their files. */
  passages: { file: string; text: string; score: number }[];
  /** Words of the question found in the paragraph the bot used (or the best one), and those that were not. */
  matched: string[];
  unmatched: string[];
  why: string;
}

/** Answers a question as a worker would be answered, and explains the outcome (pure). */
export function explainQuestion(snap: Snapshot, question: string, now: number): TryResult {
  const reply = answerQuestion(snap, question, { now });
  const q = analyseQuery(question.normalize('NFC'), snap.kb.glossary);
  const hits = q.folded.length ? snap.index.search(q) : [];
  const used = hits.find((h) => h.passage.doc.file === reply.sources[0]?.file) ?? hits[0];
  const words = [...new Set(tokenize(question))];
  const content = new Set(q.folded);
  const matched = words.filter((w) => content.has(foldWord(w)) && used?.matched.has(foldWord(w)));
  const unmatched = words.filter((w) => content.has(foldWord(w)) && !used?.matched.has(foldWord(w)));
  return {
    status: reply.status,
    text: reply.text,
    confidence: reply.confidence,
    passages: hits.slice(0, 3).map((h) => ({ file: h.passage.doc.file, text: h.passage.text, score: Math.round(h.score * 1000) / 1000 })),
    matched,
    unmatched,
    why: whyOf(reply.status, reply.intent, reply.confidence, reply.sources[0]?.file, reply.suggestions.map((s) => s.label)),
  };
}

function whyOf(status: string, intent: string, confidence: number, file: string | undefined, suggestions: string[]): string {
  const c = confidence.toFixed(2);
  if (intent === 'welcome') return tryMsg.whyWelcome;
  if (intent === 'empty') return tryMsg.whyEmpty;
  if (intent === 'too-long') return tryMsg.whyTooLong;
  if (status === 'answer') return tryMsg.whyAnswer(c, ANSWER_POLICY.answerAt.toFixed(2), file ?? '');
  if (status === 'suggest') return tryMsg.whySuggest(c, ANSWER_POLICY.suggestAt.toFixed(2), ANSWER_POLICY.answerAt.toFixed(2), suggestions);
  return tryMsg.whyDecline(c, ANSWER_POLICY.suggestAt.toFixed(2));
}
