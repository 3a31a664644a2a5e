/** The dev question set and its scoring rule (the same as test/dev-set.test.ts and the shared scorer). */
import { readFileSync } from 'node:fs';
import { fold } from '../../src/search/fold.js';

export interface DevItem {
  id: string;
  kind: 'answer' | 'decline';
  q: string;
  any?: string[];
}

export const DEV_FILE = new URL('../../test/eval/dev.jsonl', import.meta.url);
export const WORKERS_SET_FILE = new URL('../../test/eval/workers.jsonl', import.meta.url);

export function loadDevSet(file: URL | string = DEV_FILE): DevItem[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as DevItem);
}

/** What an engine said: `answer` with the text it would send, or anything else. `error` when it threw. */
export interface EngineReply {
  status: 'answer' | 'suggest' | 'decline' | 'error';
  text: string;
}

/**
 * An answer item passes when the reply is an answer whose folded text, less the citation line (`Nguồn: …`),
 * holds a folded key phrase; a decline item when it is not an answer (the shared scorer's rule).
 */
export function passes(item: DevItem, r: EngineReply): boolean {
  if (r.status === 'error') return false;
  if (item.kind === 'decline') return r.status !== 'answer';
  const text = fold(r.text.split('\n').filter((l) => !/^\s*Nguồn:/.test(l)).join('\n'));
  return r.status === 'answer' && (item.any ?? []).some((k) => text.includes(fold(k)));
}

/** Questions typed without any diacritic (the dev-set test's definition). */
export const isPlain = (item: DevItem) => item.kind === 'answer' && fold(item.q) === item.q.toLowerCase().replace(/\s+/g, ' ').trim();

export interface DevScore {
  answered: number;
  answerItems: number;
  plain: number;
  plainItems: number;
  declined: number;
  declineItems: number;
  errors: number;
  /** Replies with status `answer` that are not right (wrong passage, or a question to decline). */
  wrong: number;
  /** Share of all items passed, 0..1. */
  overall: number;
}

export function scoreDevSet(items: readonly DevItem[], replies: readonly EngineReply[]): DevScore {
  const s: DevScore = { answered: 0, answerItems: 0, plain: 0, plainItems: 0, declined: 0, declineItems: 0, errors: 0, wrong: 0, overall: 0 };
  items.forEach((it, i) => {
    const r = replies[i] ?? { status: 'error', text: '' };
    const ok = passes(it, r);
    if (r.status === 'error') s.errors++;
    if (!ok && r.status === 'answer') s.wrong++;
    if (it.kind === 'answer') {
      s.answerItems++;
      if (ok) s.answered++;
      if (isPlain(it)) {
        s.plainItems++;
        if (ok) s.plain++;
      }
    } else {
      s.declineItems++;
      if (ok) s.declined++;
    }
  });
  s.overall = items.length ? (s.answered + s.declined) / items.length : 0;
  return s;
}
