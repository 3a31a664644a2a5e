import type { TopicId } from '../knowledge/schema.js';

/** A source cited by a reply. */
export interface SourceRef {
  title: string;
  date: string;
  file: string;
}

export type AnswerStatus = 'answer' | 'suggest' | 'decline';
/** Why the reply looks the way it does: a real question, or a greeting, an empty or too long text, a topic button. */
export type ReplyIntent = 'question' | 'welcome' | 'empty' | 'too-long' | 'topic';

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
  /** 0..1, from query-term coverage and margin (not the raw Lunr score). */
  confidence: number;
  suggestions: Suggestion[];
  /** Topics to offer as a menu (welcome and decline). */
  topics: TopicId[];
}
