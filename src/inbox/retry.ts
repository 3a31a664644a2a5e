/**
 * When a failed send is tried again, and when it is given up (pure). A reply is kept trying for as long as it is
 * still useful: until its send deadline (counted from when it was queued), with exponential backoff capped at a
 * few minutes, so a long outage costs at most one cap of delay after recovery. A permanent error (the chat does
 * not exist, the bot was blocked) is given up at once.
 */
import type { StoredOutbox } from '../store/types.js';

export interface RetryPolicy {
  /** First backoff. */
  baseMs: number;
  /** Longest backoff between two tries. */
  maxMs: number;
  /** How long after it was queued a reply is still worth sending. */
  deadlineMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 1000, maxMs: 3 * 60_000, deadlineMs: 24 * 3_600_000 };

/** Why a reply was given up; the prefix of its stored `lastError`, which the admin page reads. */
export type GiveUpReason = 'permanent' | 'deadline';

export type RetryVerdict = { giveUp: false; retryAt: number } | { giveUp: true; reason: GiveUpReason };

/** Backoff before attempt `n+1` (exponential, capped, with a little jitter). */
export function backoffMs(attempts: number, p: RetryPolicy, random: () => number = Math.random): number {
  const d = Math.min(p.maxMs, p.baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 40)));
  return Math.round(Math.min(p.maxMs, d * (0.8 + random() * 0.4)));
}

/** What to do after the `row.attempts + 1`-th try of `row` failed at `now`. */
export function afterFailure(row: Pick<StoredOutbox, 'attempts' | 'queuedAt'>, now: number, permanent: boolean, p: RetryPolicy): RetryVerdict {
  if (permanent) return { giveUp: true, reason: 'permanent' };
  const deadline = row.queuedAt + p.deadlineMs;
  if (now >= deadline) return { giveUp: true, reason: 'deadline' };
  // The last try happens at the deadline itself, not a whole backoff after it.
  return { giveUp: false, retryAt: Math.min(deadline, now + backoffMs(row.attempts + 1, p)) };
}

/** The stored reason of a given-up row: `permanent: …` or `deadline: …`, then the last error. */
export function giveUpText(reason: GiveUpReason, error: string): string {
  return `${reason}: ${error}`.slice(0, 500);
}

/** Reads the reason back from a stored `lastError` (undefined for rows failed before reasons were kept). */
export function giveUpReasonOf(lastError: string | undefined): GiveUpReason | undefined {
  if (lastError?.startsWith('permanent: ')) return 'permanent';
  if (lastError?.startsWith('deadline: ')) return 'deadline';
  return undefined;
}
