import type { Reply } from '../../answer/types.js';
import { isRateable } from '../../conversation/choices.js';
import { msg } from '../../messages.js';
import type { OutboxInput } from '../../store/types.js';

/**
 * The outbox row for a reply to a Zalo chat. Zalo has no buttons: choices are the numbered lines of the text
 * (a typed number picks one), and an answer ends with one line saying how to rate it by typing.
 */
export function renderZalo(reply: Reply, chatId: string, inboundId: number): OutboxInput {
  const text = isRateable(reply) ? `${reply.text}\n${msg.rateHint}` : reply.text;
  return { channel: 'zalo', chatId, text, inboundId };
}
