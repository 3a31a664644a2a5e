import { z } from 'zod';
import type { InboundInput } from '../../store/types.js';

const user = z.looseObject({
  id: z.number().int(),
  first_name: z.string().default(''),
  last_name: z.string().optional(),
  username: z.string().optional(),
});
const chat = z.looseObject({ id: z.number().int(), type: z.string() });

/** The parts of a Telegram update we read, validated (everything else passes through untouched). */
export const telegramUpdateSchema = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: z
    .looseObject({ message_id: z.number().int(), chat, from: user.optional(), text: z.string().optional(), caption: z.string().optional() })
    .optional(),
  callback_query: z
    .looseObject({ id: z.string(), from: user, data: z.string().optional(), message: z.looseObject({ chat }).optional() })
    .optional(),
});
export type TelegramUpdate = z.infer<typeof telegramUpdateSchema>;

const displayName = (u: z.infer<typeof user>) => [u.first_name, u.last_name].filter(Boolean).join(' ') || (u.username ?? '');

/** The bot answers private chats only, on every channel: a message or button press in a group is not answered. */
export const isPrivateTelegramChat = (c: { type: string }) => c.type === 'private';

/** Turns a validated update into our inbound message (pure); undefined for updates we do not answer (groups, edits…). */
export function normaliseTelegramUpdate(update: TelegramUpdate, now: number): InboundInput | undefined {
  const base = { channel: 'telegram' as const, deliveryKey: String(update.update_id), receivedAt: now };
  const msg = update.message;
  if (msg?.from && isPrivateTelegramChat(msg.chat)) {
    const text = msg.text ?? msg.caption;
    return {
      ...base,
      chatId: String(msg.chat.id),
      userId: String(msg.from.id),
      userName: displayName(msg.from),
      kind: text === undefined ? 'other' : text.startsWith('/') ? 'command' : 'text',
      text: text ?? '',
    };
  }
  // Every button press is stored, even with empty or missing data: its query must be answered (the spinner
  // stops), and the data stays apart from the query id.
  const cb = update.callback_query;
  if (cb?.message && isPrivateTelegramChat(cb.message.chat)) {
    return {
      ...base,
      chatId: String(cb.message.chat.id),
      userId: String(cb.from.id),
      userName: displayName(cb.from),
      kind: 'callback',
      text: cb.data ?? '',
      callbackQueryId: cb.id,
    };
  }
  return undefined;
}
