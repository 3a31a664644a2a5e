import type { Reply } from '../../answer/types.js';
import { isRateable } from '../../conversation/choices.js';
import { msg } from '../../messages.js';
import type { OutboxInput } from '../../store/types.js';
import { splitText } from '../split-text.js';
import type { ReplyRenderer } from '../types.js';
import { ZALO_TEXT_LIMIT } from './client.js';

/** The outbox rows for text to a Zalo chat: one per message of at most 2,000 characters, in order. */
export function zaloRows(text: string, chatId: string, inboundId: number | undefined): OutboxInput[] {
  return splitText(text, ZALO_TEXT_LIMIT).map((part) => ({ channel: 'zalo' as const, chatId, text: part, inboundId }));
}

/**
 * The text of a reply on Zalo. Zalo has no buttons: choices are the numbered lines of the text (a typed number
 * picks one), and an answer ends with one line saying how to rate it by typing.
 */
export function zaloText(reply: Reply): string {
  return isRateable(reply) ? `${reply.text}\n${msg.rateHint}` : reply.text;
}

/** Zalo's renderer. */
export const zaloRenderer: ReplyRenderer = {
  reply: (reply, m) => zaloRows(zaloText(reply), m.chatId, m.id),
  text: (text, m) => zaloRows(text, m.chatId, m.id),
  toast: () => [],
};
