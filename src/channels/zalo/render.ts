import { splitText } from '../split-text.js';
import type { ReplyRenderer } from '../types.js';
import type { OutboxInput } from '../../store/types.js';
import { ZALO_TEXT_LIMIT } from './client.js';

/** The outbox rows for text to a Zalo chat: one per message of at most 2,000 characters, in order. */
export function zaloRows(text: string, chatId: string, inboundId: number | undefined): OutboxInput[] {
  return splitText(text, ZALO_TEXT_LIMIT).map((part) => ({ channel: 'zalo' as const, chatId, text: part, inboundId }));
}

/** Zalo's renderer: Zalo has no buttons, so suggestions and topics are already numbered in the text. */
export const zaloRenderer: ReplyRenderer = {
  reply: (reply, m) => zaloRows(reply.text, m.chatId, m.id),
  text: (text, m) => zaloRows(text, m.chatId, m.id),
  toast: () => [],
};
