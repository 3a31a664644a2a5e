import type { TopicId } from '../knowledge/schema.js';

/** A source cited by a reply. */
export interface SourceRef {
  title: string;
  date: string;
  file: string;
}

export type AnswerStatus = 'answer' | 'suggest' | 'decline';
/**
 * Why the reply looks the way it does: a real question, or a greeting, an empty or too long text, a topic
 * button, or small talk (`bạn là ai`, `cảm ơn`, `ok`…: a reply of its own with status `decline`, nothing quoted,
 * not queued for review since the dispatcher queues only `question` replies).
 */
export type ReplyIntent = 'question' | 'welcome' | 'empty' | 'too-long' | 'topic' | 'smalltalk';

/**
 * Why a question was declined: `unknown` when the best note says it does not hold what was asked ("chưa có
 * thông tin về…"), `uncovered` when the question names a domain term the knowledge does not cover (thai sản,
 * lương tối thiểu…), `low-confidence` when the decision model is not sure enough.
 */
export type DeclineReason = 'unknown' | 'uncovered' | 'low-confidence';

export interface Suggestion {
  docId: string;
  label: string;
}

/** One reply, independent of the channel that renders it. */
export interface Reply {
  status: AnswerStatus;
  intent: ReplyIntent;
  text: string;
  sources: SourceRef[];
  /** 0..1: the decision model's probability that the quoted answer is right (not the raw Lunr score). */
  confidence: number;
  suggestions: Suggestion[];
  /** Topics to offer as a menu (welcome and decline). */
  topics: TopicId[];
  /** For declined questions: why (absent otherwise). */
  reason?: DeclineReason;
}
