import type { Reply } from '../answer/types.js';
import { renderTelegram } from '../channels/telegram/render.js';
import { renderZalo } from '../channels/zalo/render.js';
import type { OutboxInput, StoredInbound } from '../store/types.js';

/** The outbox rows that deliver a reply to the sender of `m`, in its channel's form. */
export function renderReply(reply: Reply, m: StoredInbound, callbackQueryId?: string): OutboxInput[] {
  if (m.channel === 'telegram') return [renderTelegram(reply, m.chatId, m.id, callbackQueryId)];
  return [renderZalo(reply, m.chatId, m.id)];
}

/** The answer to a rating: on the Telegram button pressed (a toast), or, when it was typed, a message. */
export function feedbackOutbox(m: StoredInbound, toast: string, callbackQueryId?: string): OutboxInput[] {
  if (callbackQueryId) return [{ channel: m.channel, chatId: m.chatId, text: '', payload: { callbackQueryId, toast }, inboundId: m.id }];
  return [{ channel: m.channel, chatId: m.chatId, text: toast, inboundId: m.id }];
}
