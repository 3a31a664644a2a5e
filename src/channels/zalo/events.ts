/**
 * Zalo Bot Platform inbound updates: zod schemas for the wire format and pure normalisers.
 *
 * One update looks like `{ event_name, message: { message_id, date, from, chat, text?, … } }`. Webhook
 * deliveries usually come flat, but the docs show them wrapped in `{ ok: true, result: … }`, so both
 * shapes are accepted. `getUpdates` returns one update per call, but an array is tolerated too.
 */
import { z } from 'zod';

/** Event names documented by Zalo; others are passed through with `kind: 'other'`. */
export const ZALO_EVENT_NAMES = {
  text: 'message.text.received',
  image: 'message.image.received',
  sticker: 'message.sticker.received',
  voice: 'message.voice.received',
  unsupported: 'message.unsupported.received',
} as const;

/** What an update carries, derived from its `event_name`. */
export type ZaloUpdateKind = keyof typeof ZALO_EVENT_NAMES | 'other';

/** An id that Zalo sends as a string; numbers are tolerated and turned into strings. */
const idSchema = z.union([z.string().min(1), z.number()]).transform((id) => String(id));

/** A timestamp that Zalo sends as epoch milliseconds; numeric strings are tolerated. */
const dateSchema = z.union([z.number().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);

/** The `message.from` object. */
export const zaloSenderSchema = z.object({
  id: idSchema,
  display_name: z.string().optional(),
  name: z.string().optional(),
  is_bot: z.boolean().optional(),
});

/** The `message.chat` object. */
export const zaloChatSchema = z.object({
  id: idSchema,
  chat_type: z.string().optional(),
});

/** The `message` object of an update (only the fields we read; unknown fields are ignored). */
export const zaloMessageSchema = z.object({
  message_id: idSchema,
  date: dateSchema,
  from: zaloSenderSchema,
  chat: zaloChatSchema,
  text: z.string().optional(),
  caption: z.string().optional(),
  photo_url: z.string().optional(),
  photo: z.string().optional(),
  sticker: z.string().optional(),
  url: z.string().optional(),
  voice_url: z.string().optional(),
});

/** One raw update as Zalo sends it. */
export const zaloRawUpdateSchema = z.object({
  event_name: z.string().min(1),
  message: zaloMessageSchema,
});

/** The `{ ok: true, result }` wrapper used by the docs' webhook sample and by `getUpdates`. */
const envelopeSchema = z.object({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error_code: z.number().optional(),
  description: z.string().optional(),
});

/** One raw update as Zalo sends it (type of `zaloRawUpdateSchema`'s output). */
export type ZaloRawUpdate = z.output<typeof zaloRawUpdateSchema>;

/** Fields shared by every normalised update. */
interface ZaloUpdateBase {
  /** The wire `event_name`, e.g. `message.text.received`. */
  eventName: string;
  /** Where to reply (`message.chat.id`). */
  chatId: string;
  /** `PRIVATE` or `GROUP` when Zalo says so. */
  chatType?: string;
  /** The sender (`message.from.id`). */
  userId: string;
  /** The sender's display name, when present. */
  userName?: string;
  /** `message.message_id`; scope it with chatId and userId when deduplicating. */
  messageId: string;
  /** Epoch milliseconds (second-based timestamps are converted). */
  date: number;
}

/** A text message from a user. */
export interface ZaloTextUpdate extends ZaloUpdateBase {
  kind: 'text';
  text: string;
}

/** Any other event (image, sticker, voice, unsupported, or a name we do not know). */
export interface ZaloOtherUpdate extends ZaloUpdateBase {
  kind: Exclude<ZaloUpdateKind, 'text'>;
  text?: undefined;
  /** Image URL (`photo_url`, or the documented `photo`) for image events. */
  photoUrl?: string;
  /** Image caption, when present. */
  caption?: string;
}

/** A normalised inbound Zalo update. */
export type ZaloUpdate = ZaloTextUpdate | ZaloOtherUpdate;

/** Result of parsing one update: the update, or a short reason (no message content) why it was rejected. */
export type ZaloParseResult = { ok: true; update: ZaloUpdate } | { ok: false; error: string };

/** Result of parsing a `getUpdates` result: the good updates and one reason per rejected item. */
export interface ZaloUpdateBatch {
  updates: ZaloUpdate[];
  errors: string[];
}

/** Timestamps below this are taken to be in seconds (1e12 ms is September 2001). */
const MIN_MILLIS = 1e12;

/** Parses one update, flat (`{ event_name, message }`) or wrapped (`{ ok: true, result }`); never throws. */
export function parseZaloUpdate(json: unknown): ZaloParseResult {
  const unwrapped = unwrapEnvelope(json);
  if (!unwrapped.ok) return unwrapped;
  const parsed = zaloRawUpdateSchema.safeParse(unwrapped.value);
  if (!parsed.success) return { ok: false, error: formatIssues(parsed.error) };
  return normaliseUpdate(parsed.data);
}

/** Parses a `getUpdates` result (one update, an array of them, or either inside `{ ok: true, result }`); never throws. */
export function parseZaloUpdates(json: unknown): ZaloUpdateBatch {
  const unwrapped = unwrapEnvelope(json);
  if (!unwrapped.ok) return { updates: [], errors: [unwrapped.error] };
  const value = unwrapped.value;
  if (value === undefined || value === null) return { updates: [], errors: [] };
  const items: unknown[] = Array.isArray(value) ? value : [value];
  const batch: ZaloUpdateBatch = { updates: [], errors: [] };
  items.forEach((item, index) => {
    const result = parseZaloUpdate(item);
    if (result.ok) batch.updates.push(result.update);
    else batch.errors.push(items.length > 1 ? `[${index}] ${result.error}` : result.error);
  });
  return batch;
}

/** Maps an `event_name` to the kind of update it announces. */
export function zaloUpdateKind(eventName: string): ZaloUpdateKind {
  for (const [kind, name] of Object.entries(ZALO_EVENT_NAMES)) {
    if (name === eventName && isKnownKind(kind)) return kind;
  }
  return 'other';
}

/** Narrows a key of ZALO_EVENT_NAMES without a cast. */
function isKnownKind(kind: string): kind is keyof typeof ZALO_EVENT_NAMES {
  return Object.hasOwn(ZALO_EVENT_NAMES, kind);
}

/** Strips a `{ ok: true, result }` wrapper; an `ok: false` envelope is an error; anything else passes through. */
function unwrapEnvelope(json: unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !('ok' in json)) {
    return { ok: true, value: json };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, error: `bad envelope: ${formatIssues(envelope.error)}` };
  if (!envelope.data.ok) {
    const code = envelope.data.error_code ?? 'no error_code';
    return { ok: false, error: `envelope ok:false (${code}${envelope.data.description ? ` ${envelope.data.description}` : ''})` };
  }
  return { ok: true, value: envelope.data.result };
}

/** Turns a validated raw update into the small typed object the rest of the bot uses. */
function normaliseUpdate(raw: ZaloRawUpdate): ZaloParseResult {
  const { message } = raw;
  const base: ZaloUpdateBase = {
    eventName: raw.event_name,
    chatId: message.chat.id,
    userId: message.from.id,
    messageId: message.message_id,
    date: message.date < MIN_MILLIS ? message.date * 1000 : message.date,
  };
  if (message.chat.chat_type !== undefined) base.chatType = message.chat.chat_type;
  const userName = message.from.display_name ?? message.from.name;
  if (userName !== undefined) base.userName = userName;

  const kind = zaloUpdateKind(raw.event_name);
  if (kind === 'text') {
    if (message.text === undefined) return { ok: false, error: 'message.text: missing in a text event' };
    return { ok: true, update: { ...base, kind, text: message.text } };
  }
  const update: ZaloOtherUpdate = { ...base, kind };
  const photoUrl = message.photo_url ?? message.photo;
  if (photoUrl !== undefined) update.photoUrl = photoUrl;
  if (message.caption !== undefined) update.caption = message.caption;
  return { ok: true, update };
}

/** Summarises zod issues as `path: message; …` (zod messages name types, never the input values). */
function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
