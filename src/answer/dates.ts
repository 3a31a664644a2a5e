import { msg } from '../messages.js';
import type { KnowledgeDoc } from '../knowledge/types.js';

/** Shows an ISO date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) the Vietnamese way: `05/06/2024`, `06/2024`, `2024`. */
export function displayDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return [d, m, y].filter(Boolean).join('/');
}

/** The date of a document as shown to workers, marked when it is estimated. */
export function docDate(doc: Pick<KnowledgeDoc, 'date' | 'dateEstimated'>): string {
  const shown = displayDate(doc.date);
  return doc.dateEstimated ? msg.dateEstimated(shown) : shown;
}

/** The last day covered by an ISO date (a month or year counts to its end), as epoch ms. */
export function dateEnd(iso: string): number {
  const [y = 1970, m, d] = iso.split('-').map(Number);
  if (d) return Date.UTC(y, (m ?? 1) - 1, d);
  if (m) return Date.UTC(y, m, 0);
  return Date.UTC(y, 11, 31);
}

/** True when the document's date is older than `days` before `now`. */
export function isStale(iso: string, now: number, days: number): boolean {
  return now - dateEnd(iso) > days * 86_400_000;
}
