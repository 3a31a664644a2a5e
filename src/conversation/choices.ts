import type { Reply } from '../answer/types.js';
import type { Choice } from './state.js';

/** The numbered choices a reply offers, in the order it lists them: its suggestions, else its topic menu. */
export function choicesOf(reply: Reply): Choice[] {
  if (reply.suggestions.length > 0) return reply.suggestions.map((s) => ({ kind: 'doc', docId: s.docId, label: s.label }));
  return reply.topics.map((topic) => ({ kind: 'topic', topic }));
}

/** True for a reply that answers something (a question, a topic, a suggestion): it can be rated. */
export function isRateable(reply: Reply): boolean {
  return reply.status === 'answer' && reply.intent !== 'welcome';
}
