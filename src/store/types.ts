/**
 * Storage contract shared by every backend (embedded SQLite for one process, PostgreSQL for several replicas).
 * All methods are async so both fit; both run the same contract suite (test/support/store-contract.ts).
 */
import type { SourceRef } from '../answer/types.js';

export type { SourceRef };
export type Channel = 'telegram' | 'zalo';
export type InboundKind = 'text' | 'command' | 'callback' | 'other';
export type ReplyStatus = 'answer' | 'suggest' | 'decline' | 'welcome' | 'hint' | 'feedback' | 'admin';
export type ReviewStatus = 'new' | 'answered' | 'ignored';
export type ReviewReason = 'decline' | 'suggest' | 'feedback';


/** One incoming message, normalised by a channel adapter. */
export interface InboundInput {
  channel: Channel;
  /** Unique per delivery: Telegram `update_id`, Zalo `chatId:message_id`. Duplicates die on it. */
  deliveryKey: string;
  chatId: string;
  userId: string;
  userName?: string | undefined;
  kind: InboundKind;
  /** The text, command or callback data. */
  text: string;
  /** Telegram callback buttons: the callback query to answer (its own column, never joined to `text`). */
  callbackQueryId?: string | undefined;
  /** Epoch milliseconds. */
  receivedAt: number;
}

export interface StoredInbound extends InboundInput {
  id: number;
  state: 'pending' | 'answered';
}

/** What the bot answered to one inbound message. */
export interface OutcomeInput {
  status: ReplyStatus;
  text: string;
  sources: SourceRef[];
  confidence: number;
}

/** One message to send; `payload` is channel-specific rendering data (buttons…), stored as JSON. */
export interface OutboxInput {
  channel: Channel;
  chatId: string;
  text: string;
  payload?: unknown;
  /** The inbound message this answers, if any. */
  inboundId?: number | undefined;
}

export interface StoredOutbox extends OutboxInput {
  id: number;
  /** `failed`: given up (past its send deadline, or a permanent error); shown to admins, who may send it again. */
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: number;
  lastError?: string | undefined;
  /** When this round of delivery began (queued, or sent again by an admin): the start of its send deadline. */
  queuedAt: number;
  /** When it was given up (state `failed`). */
  failedAt?: number | undefined;
}

/** A question that reaches the review queue. Items with the same `key` are grouped. */
export interface ReviewItemInput {
  /** Normalised question (folded, trimmed); the grouping key. */
  key: string;
  question: string;
  reason: ReviewReason;
  channel: Channel;
  chatId: string;
  userId: string;
  userName?: string | undefined;
  inboundId?: number | undefined;
  at: number;
}

export interface ReviewGroup {
  id: number;
  key: string;
  question: string;
  count: number;
  status: ReviewStatus;
  channels: Channel[];
  reasons: ReviewReason[];
  firstSeen: number;
  lastSeen: number;
}

export interface ReviewAsker {
  channel: Channel;
  chatId: string;
  userId: string;
  userName?: string | undefined;
}

export interface ReviewEntry extends ReviewAsker {
  question: string;
  reason: ReviewReason;
  at: number;
  /** What the bot answered to this question, when known. */
  botText?: string | undefined;
}

export interface AdminReply {
  text: string;
  author: string;
  at: number;
}

export interface ReviewDetail extends ReviewGroup {
  askers: ReviewAsker[];
  entries: ReviewEntry[];
  replies: AdminReply[];
}

export interface ReviewQuery {
  status?: ReviewStatus | undefined;
  channel?: Channel | undefined;
  sort?: 'newest' | 'most' | undefined;
  limit?: number | undefined;
}

export interface FeedbackInput {
  /** The inbound message whose answer is rated. */
  inboundId: number;
  channel: Channel;
  chatId: string;
  userId: string;
  value: 'up' | 'down';
  at: number;
}

/**
 * The conversation state of one chat (choices offered, last answer, last question's terms), as stored. The
 * store keeps `state` as JSON and does not read it; `src/conversation` does.
 */
export interface ConversationInput {
  channel: Channel;
  chatId: string;
  state: unknown;
  /** The inbound message whose handling left this state: an older message never replaces a newer one's state. */
  inboundId: number;
  /** Epoch ms after which the row counts as absent. */
  expiresAt: number;
}

export interface StoredConversation extends ConversationInput {
  updatedAt: number;
}

export interface DayStat {
  day: string;
  questions: number;
  answered: number;
}

export interface Stats {
  days: DayStat[];
  totalQuestions: number;
  answeredShare: number;
  topUnanswered: { id: number; question: string; count: number }[];
}

/** A worker's phrasing that led to a note (a tapped suggestion or a 👍), for "Cách hỏi mới". */
export interface PhrasingInput {
  file: string;
  /** Normalised question (the grouping key). */
  key: string;
  question: string;
  via: 'suggestion' | 'up';
  channel: Channel;
  userId: string;
  at: number;
}

/** Phrasings grouped by note and normalised question, counted by distinct askers. */
export interface PhrasingGroup {
  /** `file` + key, as one id for approve/reject. */
  file: string;
  key: string;
  question: string;
  count: number;
  via: ('suggestion' | 'up')[];
  status: 'new' | 'approved' | 'rejected';
  lastSeen: number;
}

export interface Store {
  /** Stores an incoming message; `duplicate` is true when its delivery key was seen before. */
  saveInbound(m: InboundInput): Promise<{ id: number; duplicate: boolean }>;
  /** Inbound messages not answered yet, oldest first, claimed or not (inspection and tests). */
  pendingInbound(limit: number): Promise<StoredInbound[]>;
  /**
   * Claims up to `limit` unanswered messages, oldest first, for `leaseMs` from `now`: until the lease ends,
   * nobody claims them again (no other replica, nor this one). A lease also ends when its holder is gone
   * (PostgreSQL: its replica's connection closed; SQLite: the store was opened again after a restart).
   * `completeInbound` settles a claimed message; claiming is atomic, so concurrent claims never overlap.
   */
  claimInbound(now: number, limit: number, leaseMs: number): Promise<StoredInbound[]>;
  getInbound(id: number): Promise<StoredInbound | undefined>;
  /** Atomically: stores the outcome, marks the message answered, queues the outbox rows and the review item. */
  completeInbound(
    id: number,
    outcome: OutcomeInput,
    outbox: OutboxInput[],
    review?: ReviewItemInput,
  ): Promise<{ outboxIds: number[] }>;
  /**
   * `completeInbound`, and in the same transaction the chat's conversation state after this message (saved
   * only when this call stored the outcome, and only over the state of an older message).
   */
  completeInboundWithConversation(
    id: number,
    outcome: OutcomeInput,
    outbox: OutboxInput[],
    review: ReviewItemInput | undefined,
    conversation: ConversationInput,
  ): Promise<{ outboxIds: number[] }>;
  /** The chat's conversation state, unless it expired by `now`. */
  getConversation(channel: Channel, chatId: string, now: number): Promise<StoredConversation | undefined>;
  /** Saves a chat's state; false (nothing written) when the stored state comes from a newer message. */
  saveConversation(c: ConversationInput): Promise<boolean>;
  /** Deletes the states expired by `now`; returns how many. */
  pruneConversations(now: number): Promise<number>;
  getOutcome(inboundId: number): Promise<(OutcomeInput & { inboundId: number }) | undefined>;
  /** Queues messages to send that answer no inbound message (admin replies, notices). */
  enqueueOutbox(items: OutboxInput[]): Promise<number[]>;
  /** Pending outbox rows whose next attempt is due, oldest first, claimed or not (inspection and tests). */
  dueOutbox(now: number, limit: number): Promise<StoredOutbox[]>;
  /**
   * Claims up to `limit` pending rows that are due at `now`, oldest first, for `leaseMs` (same lease rules as
   * `claimInbound`), of one channel when `channel` is given. A row waits while an earlier pending row of the
   * same chat is claimed or waiting for a retry, so one chat's messages go out in order.
   * `markSent`, `markSendFailed` or `releaseOutbox` settle a claimed row.
   */
  /** Rows still to send (pending, due or not) and when the oldest of them was queued (metrics). */
  outboxBacklog(): Promise<{ pending: number; oldestCreatedAt: number | null }>;
  claimOutbox(now: number, limit: number, leaseMs: number, channel?: Channel): Promise<StoredOutbox[]>;
  /** Gives back claimed rows that were not tried; they can be claimed again from `at`. */
  releaseOutbox(ids: readonly number[], at: number): Promise<void>;
  markSent(id: number): Promise<void>;
  /** Records a failed send of a pending row; `nextAttemptAt` null means give up (state failed). */
  markSendFailed(id: number, error: string, nextAttemptAt: number | null): Promise<void>;
  /** Makes every pending row of `channel` that waits for a later retry due at `now`; returns how many. */
  retryNow(channel: Channel, now: number): Promise<number>;
  /** Rows given up on (state failed), most recently given up first. */
  failedOutbox(limit: number): Promise<StoredOutbox[]>;
  /** Puts a given-up row back to be sent from `now`, attempts and deadline afresh; false when it is not failed. */
  resendOutbox(id: number, now: number): Promise<boolean>;
  /** How many rows wait to be sent, and how many were given up. */
  outboxHealth(): Promise<{ pending: number; failed: number }>;
  /** Stores 👍/👎 (one per user and message; the last choice wins). A 👎 adds a review item. */
  saveFeedback(f: FeedbackInput, review?: ReviewItemInput): Promise<void>;
  addReviewItem(item: ReviewItemInput): Promise<number>;
  listReview(q: ReviewQuery): Promise<ReviewGroup[]>;
  getReview(id: number): Promise<ReviewDetail | undefined>;
  setReviewStatus(id: number, status: ReviewStatus): Promise<void>;
  addAdminReply(groupId: number, reply: AdminReply): Promise<void>;
  /**
   * Questions per local day (UTC + `offsetMs`, the union's time zone) over the `days` days ending today: messages
   * answered, suggested for or declined (greetings, hints, ratings and admin commands do not count).
   */
  stats(now: number, days: number, offsetMs?: number): Promise<Stats>;
  /** Small key/value settings (admin opt-ins…). */
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
  /** Keeps a (question, chosen note) pair; one per asker, note and phrasing. A rejected phrasing stays rejected. */
  addPhrasing(p: PhrasingInput): Promise<void>;
  listPhrasings(status: PhrasingGroup['status']): Promise<PhrasingGroup[]>;
  setPhrasingStatus(file: string, key: string, status: PhrasingGroup['status']): Promise<void>;
  /** The question this chat asked last before `beforeId` whose answer was a suggestion, if any. */
  lastSuggested(channel: Channel, chatId: string, beforeId: number): Promise<string | undefined>;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
