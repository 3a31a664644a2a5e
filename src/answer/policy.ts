/** Answer bands and limits: the one place they are set. Calibrated on the dev set (README, "Answer bands"). */
export const ANSWER_POLICY = {
  /** Confidence at or above which the bot answers. */
  answerAt: 0.62,
  /** Confidence at or above which the bot suggests topics instead of declining. */
  suggestAt: 0.35,
  /** Weight of bigram coverage in the confidence (the rest is term coverage). */
  bigramWeight: 0.2,
  /** Penalty when the best and second passages come from different documents and score within this ratio. */
  marginRatio: 1.05,
  marginPenalty: 0.05,
  maxSentences: 3,
  maxAnswerChars: 600,
  /** A sentence is quoted when it scores at least this share of the best sentence. */
  sentenceShare: 0.5,
  maxQuestionChars: 1000,
  /** Sources older than this get an "as of" note. */
  staleAfterDays: 365,
  maxSuggestions: 3,
} as const;

export type AnswerPolicy = typeof ANSWER_POLICY;
