/** Row shapes and row → record mappers shared by the SQLite and PostgreSQL stores (same column names). */
import type { Channel, InboundInput, StoredConversation, ReviewEntry, ReviewReason, StoredInbound, StoredOutbox } from './types.js';

export interface InboundRow {
  id: number;
  channel: Channel;
  delivery_key: string;
  chat_id: string;
  user_id: string;
  user_name: string | null;
  kind: InboundInput['kind'];
  text: string;
  callback_query_id: string | null;
  received_at: number;
  state: StoredInbound['state'];
}

export interface OutboxRow {
  id: number;
  channel: Channel;
  chat_id: string;
  text: string;
  payload: string | null;
  inbound_id: number | null;
  state: StoredOutbox['state'];
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  queued_at: number;
  failed_at: number | null;
}

export interface EntryRow {
  channel: Channel;
  chat_id: string;
  user_id: string;
  user_name: string | null;
  question: string;
  reason: ReviewReason;
  at: number;
  bot_text: string | null;
}

/** Maps a database row to a `StoredInbound`. */
export function toInbound(r: InboundRow): StoredInbound {
  return {
    id: r.id,
    channel: r.channel,
    deliveryKey: r.delivery_key,
    chatId: r.chat_id,
    userId: r.user_id,
    userName: r.user_name ?? undefined,
    kind: r.kind,
    text: r.text,
    ...(r.callback_query_id === null ? {} : { callbackQueryId: r.callback_query_id }),
    receivedAt: r.received_at,
    state: r.state,
  };
}

/** Maps a database row to a `StoredOutbox` (the payload parsed back from JSON). */
export function toOutbox(r: OutboxRow): StoredOutbox {
  const row: StoredOutbox = {
    id: r.id,
    channel: r.channel,
    chatId: r.chat_id,
    text: r.text,
    inboundId: r.inbound_id ?? undefined,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error ?? undefined,
    queuedAt: r.queued_at,
  };
  if (r.failed_at !== null) row.failedAt = r.failed_at;
  if (r.payload !== null) row.payload = JSON.parse(r.payload) as unknown;
  return row;
}

/** Maps a database row to a `ReviewEntry`. */
export function toEntry(r: EntryRow): ReviewEntry {
  return {
    channel: r.channel,
    chatId: r.chat_id,
    userId: r.user_id,
    userName: r.user_name ?? undefined,
    question: r.question,
    reason: r.reason,
    at: r.at,
    botText: r.bot_text ?? undefined,
  };
}

export interface ConversationRow {
  channel: Channel;
  chat_id: string;
  state: string;
  inbound_id: number;
  expires_at: number;
  updated_at: number;
}

/** Maps a database row to a `StoredConversation` (the state parsed back from JSON). */
export function toConversation(r: ConversationRow): StoredConversation {
  return {
    channel: r.channel,
    chatId: r.chat_id,
    state: JSON.parse(r.state) as unknown,
    inboundId: r.inbound_id,
    expiresAt: r.expires_at,
    updatedAt: r.updated_at,
  };
}
