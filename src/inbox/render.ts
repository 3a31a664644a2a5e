import type { Reply } from '../answer/types.js';
import { renderTelegram } from '../channels/telegram/render.js';
import type { OutboxInput, StoredInbound } from '../store/types.js';

/** The outbox rows that deliver a reply to the sender of `m`, in its channel's form. */
export function renderReply(reply: Reply, m: StoredInbound, callbackQueryId?: string): OutboxInput[] {
  if (m.channel === 'telegram') return [renderTelegram(reply, m.chatId, m.id, callbackQueryId)];
  // Zalo has no buttons: suggestions and topics are already numbered in the text.
  return [{ channel: 'zalo', chatId: m.chatId, text: reply.text, inboundId: m.id }];
}
