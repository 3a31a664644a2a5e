/** Answer bands and limits: the one place they are set. Calibrated on the dev set (README, "Answer bands"). */
export const ANSWER_POLICY = {
  /**
   * Probability at or above which the bot answers, and suggests. NaN: use the trained model's cut-offs
   * (`model.json`, chosen for at most 2 % wrong answers on held-out folds).
   */
  answerAt: Number.NaN,
  suggestAt: Number.NaN,
  /** Quoting: bonus for a sentence naming whom to contact when the question asks how or where. */
  contactBonus: 1.6,
  /** Reranking: bonus for passages of the kind the question type asks for (figure, contact, definition). */
  typeBonus: 2,
  /** Reranking: weight × (sentenceFloor + the best share of the question one sentence holds). */
  sentenceFloor: 0.5,
  sentenceExponent: 1,
  /** Reranking: bonus for passages of a document whose topic the question's thesaurus words name. */
  topicBonus: 1.2,
  /** An honest unknown needs question words of at least this weight found only in the "chưa có thông tin" sentence. */
  unknownWeight: 2,
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
