/** Answer bands and limits: the one place they are set. Calibrated on the dev set (README, "Answer bands"). */
export const ANSWER_POLICY = {
  /** Confidence at or above which the bot answers. */
  answerAt: 0.66,
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
  sentenceShare: 0.4,
  maxQuestionChars: 1000,
  /** Sources older than this get an "as of" note. */
  staleAfterDays: 365,
  maxSuggestions: 3,
  /** Reranking: Lunr score × coverage^exponent, so a passage missing a rare query term drops. */
  coverageExponent: 2,
  /** Reranking and quoting: bonus for passages and sentences with a quantity when the question asks for one. */
  numberBonus: 1.5,
  /** Smaller bonus for passages with a quantity when the question does not ask for one (concrete facts first). */
  factBonus: 1.3,
} as const;

export type AnswerPolicy = { [K in keyof typeof ANSWER_POLICY]: (typeof ANSWER_POLICY)[K] extends number ? number : (typeof ANSWER_POLICY)[K] };
