/** Row mapping and result shaping shared by the SQLite and PostgreSQL stores, so both answer alike. */
import type { DayStat, ReviewAsker, ReviewEntry, Stats } from './types.js';

export const DAY_MS = 86_400_000;
export const DEFAULT_REVIEW_LIMIT = 100;

/** UTC `YYYY-MM-DD` of an epoch-milliseconds instant. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Sorted distinct values (review channels and reasons). */
export function distinctSorted<T extends string>(values: readonly string[]): T[] {
  return [...new Set(values)].sort() as T[];
}

/** Distinct askers of the entries, in order of their first ask, each with the latest name seen. */
export function askersOf(entries: ReviewEntry[]): ReviewAsker[] {
  const byKey = new Map<string, ReviewAsker>();
  for (const e of entries) {
    const key = JSON.stringify([e.channel, e.chatId, e.userId]);
    const known = byKey.get(key);
    if (!known) byKey.set(key, { channel: e.channel, chatId: e.chatId, userId: e.userId, userName: e.userName });
    else if (e.userName !== undefined) known.userName = e.userName;
  }
  return [...byKey.values()];
}

/**
 * The `[start, end)` epoch-ms window of the `days` local days ending with the day of `at`, where local time is
 * UTC + `offsetMs` (the union's time zone; 0 for UTC).
 */
export function statsWindow(at: number, days: number, offsetMs = 0): { start: number; end: number; offsetMs: number } {
  const n = Math.max(0, Math.floor(days));
  const end = Math.floor((at + offsetMs) / DAY_MS) * DAY_MS + DAY_MS - offsetMs;
  return { start: end - n * DAY_MS, end, offsetMs };
}

/** Outcomes that answer a question (greetings, hints, ratings and admin commands are not questions). */
export const QUESTION_STATUSES = "('answer', 'suggest', 'decline')";

/** Builds `Stats` from the per-day counts found in the window (days without rows count zero). */
export function buildStats(window: { start: number; end: number; offsetMs: number }, rows: DayStat[], topUnanswered: Stats['topUnanswered']): Stats {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const list: DayStat[] = [];
  for (let t = window.start; t < window.end; t += DAY_MS) {
    const day = utcDay(t + window.offsetMs);
    const r = byDay.get(day);
    list.push({ day, questions: r?.questions ?? 0, answered: r?.answered ?? 0 });
  }
  const totalQuestions = list.reduce((s, d) => s + d.questions, 0);
  const answered = list.reduce((s, d) => s + d.answered, 0);
  return { days: list, totalQuestions, answeredShare: totalQuestions ? answered / totalQuestions : 0, topUnanswered };
}
