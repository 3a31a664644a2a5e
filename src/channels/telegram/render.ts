import type { Reply } from '../../answer/types.js';
import { choicesOf, isRateable } from '../../conversation/choices.js';
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

/** The longest button label; longer ones are cut at a word boundary with "…". */
export const BUTTON_LABEL_MAX = 60;

/** Shortens a label to `max` characters at a word boundary, ending with "…" ("…quyền lợi…", never "…và th"). */
export function shortenLabel(label: string, max = BUTTON_LABEL_MAX): string {
  const text = label.trim().replace(/\s+/g, ' ');
  if (text.length <= max) return text;
  const cut = text.slice(0, max); // leaves room for "…"
  const space = cut.lastIndexOf(' ');
  const head = space > max / 2 ? cut.slice(0, space) : cut.slice(0, max - 1);
  return `${head.replace(/[\s,.;:–—-]+$/u, '')}…`;
}

/** The inline keyboard for a reply: 👍/👎 on answers, else its choices (suggestions, or the topic menu). */
export function keyboardFor(reply: Reply, inboundId: number): CallbackButton[][] {
  if (isRateable(reply)) {
    return [[
      { text: msg.helpful, callback_data: `f:up:${inboundId}` },
      { text: msg.notHelpful, callback_data: `f:down:${inboundId}` },
    ]];
  }
  const rows: CallbackButton[][] = [];
  const topics: CallbackButton[] = [];
  for (const c of choicesOf(reply)) {
    if (c.kind === 'doc' && fits(`s:${c.docId}`)) rows.push([{ text: shortenLabel(c.label), callback_data: `s:${c.docId}` }]);
    if (c.kind === 'topic') topics.push({ text: TOPIC_BUTTONS[c.topic], callback_data: `t:${c.topic}` });
  }
  // Topic buttons go two to a row.
  for (let i = 0; i < topics.length; i += 2) rows.push(topics.slice(i, i + 2));
  return rows;
}

/** The outbox row for a reply to a Telegram chat. */
export function renderTelegram(reply: Reply, chatId: string, inboundId: number, callbackQueryId?: string): OutboxInput {
  const keyboard = keyboardFor(reply, inboundId);
  const payload: TelegramPayload = { ...(keyboard.length ? { keyboard } : {}), ...(callbackQueryId ? { callbackQueryId } : {}) };
  return { channel: 'telegram', chatId, text: reply.text, payload, inboundId };
}
