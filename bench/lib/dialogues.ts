/**
 * The two-turn dialogue set (`test/eval/dialogues.jsonl`): a first question, then a second message that is a
 * follow-up, a new question or something off-topic. Each second turn is answered twice through `decide()`,
 * with the state the first turn left (carried context) and with none, and scored like the dev set: right =
 * answered with one of the expected phrases (kind "answer") or not answered (kind "decline"); wrong = answered
 * otherwise. A suggestion or a decline for an "answer" item is neither.
 */
import { readFileSync } from 'node:fs';
import type { Snapshot } from '../../src/answer/answer.js';
import { decide } from '../../src/inbox/respond.js';
import { fold } from '../../src/search/fold.js';
import type { StoredInbound } from '../../src/store/types.js';

export interface Dialogue {
  id: string;
  kind: 'answer' | 'decline';
  type: 'follow-up' | 'new' | 'off-topic';
  first: string;
  second: string;
  /** Folded phrases, one of which a right answer holds. */
  any?: string[];
}

export type Verdict = 'right' | 'wrong' | 'unanswered';

export interface DialogueResult {
  dialogue: Dialogue;
  with: { verdict: Verdict; status: string; text: string };
  without: { verdict: Verdict; status: string; text: string };
}

export interface Tally {
  right: number;
  wrong: number;
  unanswered: number;
}

export const DIALOGUES_FILE = new URL('../../test/eval/dialogues.jsonl', import.meta.url);

/** Reads a dialogue file (one JSON object a line). */
export function readDialogues(file: URL | string = DIALOGUES_FILE): Dialogue[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Dialogue);
}

const message = (id: number, text: string, now: number): StoredInbound => ({
  id, channel: 'zalo', deliveryKey: `d${id}`, chatId: 'eval', userId: 'eval', kind: 'text', text, receivedAt: now, state: 'pending',
});

/** Scores one reply of a second turn. */
function verdictOf(d: Dialogue, status: string, text: string): Verdict {
  const answered = status === 'answer';
  if (d.kind === 'decline') return answered ? 'wrong' : 'right';
  if (!answered) return 'unanswered';
  const folded = fold(text);
  return (d.any ?? []).some((p) => folded.includes(fold(p))) ? 'right' : 'wrong';
}

/** Answers every dialogue's second turn with and without the first turn's state (pure). */
export function runDialogues(snap: Snapshot, dialogues: readonly Dialogue[], now: number): DialogueResult[] {
  return dialogues.map((d, i) => {
    const first = decide(snap, message(2 * i + 1, d.first, now), now);
    const answer = (state: typeof first.state) => {
      const { action } = decide(snap, message(2 * i + 2, d.second, now), now, { state });
      const status = action.type === 'reply' ? action.reply.status : action.type;
      const text = action.type === 'reply' ? action.reply.text : action.type === 'hint' ? action.text : '';
      return { verdict: verdictOf(d, status, text), status, text };
    };
    return { dialogue: d, with: answer(first.state), without: answer({}) };
  });
}

/** Counts the verdicts of one side. */
export function tally(results: readonly DialogueResult[], side: 'with' | 'without'): Tally {
  const t: Tally = { right: 0, wrong: 0, unanswered: 0 };
  for (const r of results) t[r[side].verdict] += 1;
  return t;
}
