import type { Reply } from '../../answer/types.js';
import { choicesOf, isRateable } from '../../conversation/choices.js';
import { TOPIC_BUTTONS, msg } from '../../messages.js';
import type { OutboxInput, StoredInbound } from '../../store/types.js';
import { splitText } from '../split-text.js';
import type { ReplyRenderer } from '../types.js';

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

/** Splits raw text into parts that each fit Telegram's limit once HTML-escaped. */
export function splitTelegramText(text: string): string[] {
  for (let limit = TELEGRAM_LIMIT; ; limit = Math.floor(limit * 0.8)) {
    const chunks = splitText(text, limit);
    if (chunks.every((c) => escapeHtml(c).length <= TELEGRAM_LIMIT)) return chunks;
  }
}

/** Splits text so that every chunk stays within Telegram's limit once HTML-escaped (the escaped chunks). */
export function splitForTelegram(text: string): string[] {
  return splitTelegramText(text).map(escapeHtml);
}

/**
 * The outbox rows for text to a Telegram chat, one per message: the first answers the button press
 * (`callbackQueryId`), the last carries the keyboard. Empty text with a query id is one row that only answers it.
 */
export function telegramRows(text: string, chatId: string, inboundId: number | undefined, payload: TelegramPayload = {}): OutboxInput[] {
  const parts = splitTelegramText(text);
  if (parts.length === 0) parts.push('');
  const { keyboard, callbackQueryId, toast } = payload;
  return parts.map((part, i) => {
    const p: TelegramPayload = {
      ...(i === 0 && callbackQueryId ? { callbackQueryId } : {}),
      ...(i === 0 && toast ? { toast } : {}),
      ...(i === parts.length - 1 && keyboard?.length ? { keyboard } : {}),
    };
    return { channel: 'telegram' as const, chatId, text: part, ...(Object.keys(p).length ? { payload: p } : {}), inboundId };
  });
}

/** The outbox rows for a reply to a Telegram chat. */
export function renderTelegram(reply: Reply, chatId: string, inboundId: number, callbackQueryId?: string): OutboxInput[] {
  return telegramRows(reply.text, chatId, inboundId, { keyboard: keyboardFor(reply, inboundId), ...(callbackQueryId ? { callbackQueryId } : {}) });
}

/** Telegram's renderer: HTML text in parts, inline buttons, callback answers. */
export const telegramRenderer: ReplyRenderer = {
  reply: (reply, m: StoredInbound, callbackQueryId) => renderTelegram(reply, m.chatId, m.id, callbackQueryId),
  text: (text, m) => telegramRows(text, m.chatId, m.id),
  toast: (toast, m, callbackQueryId) => (callbackQueryId ? [{ channel: 'telegram', chatId: m.chatId, text: '', payload: { callbackQueryId, toast }, inboundId: m.id }] : []),
};
