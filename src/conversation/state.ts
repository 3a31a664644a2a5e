import { z } from 'zod';
import { TOPIC_IDS, type TopicId } from '../knowledge/schema.js';

/** One numbered choice offered to a worker: a suggested document, or a menu topic. */
export type Choice = { kind: 'doc'; docId: string; label: string } | { kind: 'topic'; topic: TopicId };

/**
 * What the bot remembers of one chat between two messages, each part with its own expiry (epoch ms):
 * the choices last offered (what each number means), the last answer (what a typed 👍/👎 rates), and the
 * key terms and topic of the last question answered (what a follow-up leans on).
 */
export interface ConversationState {
  choices?: { items: Choice[]; question?: string | undefined; until: number } | undefined;
  answer?: { inboundId: number; until: number } | undefined;
  context?: { terms: string; topic?: TopicId | undefined; until: number } | undefined;
}

/** How long each part of the state stays fresh, unless configured (CONVERSATION_TTL_MINUTES). */
export const DEFAULT_CONVERSATION_TTL_MS = 30 * 60_000;

const topic = z.enum(TOPIC_IDS);
const choice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('doc'), docId: z.string().min(1), label: z.string() }),
  z.object({ kind: z.literal('topic'), topic }),
]);
const until = z.number().finite();
const stateSchema = z.object({
  choices: z.object({ items: z.array(choice).max(20), question: z.string().optional(), until }).optional(),
  answer: z.object({ inboundId: z.number().int().positive(), until }).optional(),
  context: z.object({ terms: z.string().max(500), topic: topic.optional(), until }).optional(),
});

/** Reads a stored state; anything unreadable (an older or damaged row) counts as no state. */
export function parseConversation(value: unknown): ConversationState {
  const r = stateSchema.safeParse(value);
  return r.success ? r.data : {};
}

/** The parts of the state that are still fresh at `now`. */
export function freshParts(state: ConversationState, now: number): ConversationState {
  const keep = <T extends { until: number }>(part: T | undefined) => (part && part.until > now ? part : undefined);
  return { choices: keep(state.choices), answer: keep(state.answer), context: keep(state.context) };
}

/** When the whole state is stale (the latest expiry of its parts; 0 when empty). */
export function expiryOf(state: ConversationState): number {
  return Math.max(0, state.choices?.until ?? 0, state.answer?.until ?? 0, state.context?.until ?? 0);
}

/** The state as stored: only the parts that are set. */
export function compactState(state: ConversationState): ConversationState {
  return Object.fromEntries(Object.entries(state).filter(([, v]) => v !== undefined));
}
