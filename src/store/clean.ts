/**
 * What control characters become on the way into storage, the same on every store: PostgreSQL's `text` rejects
 * U+0000 outright, and the other C0 controls and DEL carry no meaning in a chat message, so they are removed.
 * Tab, line feed and carriage return stay (people write multi-line questions). Structured values are never
 * joined into one string with a separator; each has its own column.
 */
import type { InboundInput, OutboxInput, OutcomeInput, ReviewItemInput } from './types.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** The text without C0 control characters (except tab, LF, CR) and DEL. */
export function storableText(s: string): string {
  return s.replace(CONTROL, '');
}

/** `storableText` for optional values. */
export function storableOptional(s: string | undefined | null): string | null {
  return s === undefined || s === null ? null : storableText(s);
}

/** An inbound message with every text field made storable. */
export function cleanInbound<T extends InboundInput>(m: T): T {
  const out: T = { ...m, deliveryKey: storableText(m.deliveryKey), chatId: storableText(m.chatId), userId: storableText(m.userId), text: storableText(m.text) };
  if (m.userName !== undefined) out.userName = storableText(m.userName);
  if (m.callbackQueryId !== undefined) out.callbackQueryId = storableText(m.callbackQueryId);
  return out;
}

/** An outbox row with its text fields made storable (the payload is stored as JSON, which escapes controls). */
export function cleanOutbox(item: OutboxInput): OutboxInput {
  return { ...item, chatId: storableText(item.chatId), text: storableText(item.text) };
}

/** A review item with its text fields made storable. */
export function cleanReview(item: ReviewItemInput): ReviewItemInput {
  const out = { ...item, key: storableText(item.key), question: storableText(item.question), chatId: storableText(item.chatId), userId: storableText(item.userId) };
  if (item.userName !== undefined) out.userName = storableText(item.userName);
  return out;
}

/** An outcome with its text made storable. */
export function cleanOutcome(o: OutcomeInput): OutcomeInput {
  return { ...o, text: storableText(o.text) };
}
