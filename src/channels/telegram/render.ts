import type { Reply } from '../../answer/types.js';
import { TOPIC_BUTTONS, msg } from '../../messages.js';
import type { OutboxInput } from '../../store/types.js';

/** Telegram's limit for one message, in characters after entity parsing. */
export const TELEGRAM_LIMIT = 4096;

/** What the Telegram sender needs besides the text (stored as the outbox payload). */
/** An inline button that sends callback data back to the bot. */
export interface CallbackButton {
  text: string;
  callback_data: string;
}

export interface TelegramPayload {
  keyboard?: CallbackButton[][];
  callbackQueryId?: string;
  toast?: string;
}

/** Escapes text for `parse_mode: HTML`. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Callback data is limited to 64 bytes; longer data is left out. */
const fits = (data: string) => Buffer.byteLength(data, 'utf8') <= 64;

/** The inline keyboard for a reply: 👍/👎 on answers, suggestions, or the topic menu. */
export function keyboardFor(reply: Reply, inboundId: number): CallbackButton[][] {
  if (reply.status === 'answer' && reply.intent !== 'welcome') {
    return [[
      { text: msg.helpful, callback_data: `f:up:${inboundId}` },
      { text: msg.notHelpful, callback_data: `f:down:${inboundId}` },
    ]];
  }
  if (reply.suggestions.length) {
    return reply.suggestions
      .filter((s) => fits(`s:${s.docId}`))
      .map((s) => [{ text: s.label.slice(0, 60), callback_data: `s:${s.docId}` }]);
  }
  const rows: CallbackButton[][] = [];
  reply.topics.forEach((t, i) => {
    const button = { text: TOPIC_BUTTONS[t], callback_data: `t:${t}` };
    if (i % 2 === 0) rows.push([button]);
    else rows[rows.length - 1]?.push(button);
  });
  return rows;
}

/** The outbox row for a reply to a Telegram chat. */
export function renderTelegram(reply: Reply, chatId: string, inboundId: number, callbackQueryId?: string): OutboxInput {
  const keyboard = keyboardFor(reply, inboundId);
  const payload: TelegramPayload = { ...(keyboard.length ? { keyboard } : {}), ...(callbackQueryId ? { callbackQueryId } : {}) };
  return { channel: 'telegram', chatId, text: reply.text, payload, inboundId };
}
