import { answerDoc, answerQuestion, answerTopic, welcome, type Snapshot } from '../answer/answer.js';
import type { Reply } from '../answer/types.js';
import { TOPIC_IDS, type TopicId } from '../knowledge/schema.js';
import { msg } from '../messages.js';
import type { StoredInbound } from '../store/types.js';

/** What to do with one inbound message, decided without side effects. */
export type Action =
  | { type: 'reply'; reply: Reply; callbackQueryId?: string | undefined }
  | { type: 'feedback'; value: 'up' | 'down'; ratedId: number; callbackQueryId?: string | undefined }
  | { type: 'hint'; text: string }
  | { type: 'admin'; command: AdminCommand; args: string };

/** Commands that only admins (ADMIN_TELEGRAM_IDS) may use. */
export const ADMIN_COMMANDS = ['/pending', '/reply', '/ignore', '/notify'] as const;
export type AdminCommand = (typeof ADMIN_COMMANDS)[number];
const isAdminCommand = (s: string | undefined): s is AdminCommand => (ADMIN_COMMANDS as readonly string[]).includes(s ?? '');

const isTopic = (s: string): s is TopicId => (TOPIC_IDS as readonly string[]).includes(s);

const hint = (text: string): Reply => ({ status: 'decline', intent: 'empty', text, sources: [], confidence: 0, suggestions: [], topics: [] });

/** Decides the action for a callback button (`t:topic`, `s:docId`, `f:up|down:id`). */
function onCallback(snap: Snapshot, data: string, now: number, callbackQueryId: string | undefined): Action {
  const [kind, a = '', b = ''] = data.split(':');
  if (kind === 't' && isTopic(a)) return { type: 'reply', reply: answerTopic(snap, a, { now }), callbackQueryId };
  if (kind === 's') {
    const reply = answerDoc(snap, data.slice(2), { now });
    if (reply) return { type: 'reply', reply, callbackQueryId };
  }
  if (kind === 'f' && (a === 'up' || a === 'down') && /^\d+$/.test(b)) return { type: 'feedback', value: a, ratedId: Number(b), callbackQueryId };
  return { type: 'reply', reply: welcome(), callbackQueryId };
}

/** Decides how to answer one stored inbound message (pure). */
export function decide(snap: Snapshot, m: StoredInbound, now: number, isAdmin = false): Action {
  switch (m.kind) {
    case 'callback':
      return onCallback(snap, m.text, now, m.callbackQueryId);
    case 'other':
      return { type: 'hint', text: msg.nonText };
    case 'command': {
      const command = m.text.split(/[\s@]/)[0]?.toLowerCase();
      if (command === '/start' || command === '/help' || command === '/menu') return { type: 'reply', reply: welcome() };
      if (isAdmin && isAdminCommand(command)) return { type: 'admin', command, args: m.text.replace(/^\/\S*\s*/, '') };
      return { type: 'reply', reply: answerQuestion(snap, m.text.replace(/^\/\S*\s*/, ''), { now }) };
    }
    case 'text':
      return { type: 'reply', reply: answerQuestion(snap, m.text, { now }) };
  }
}

export { hint as hintReply };
