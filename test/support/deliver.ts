/**
 * Delivers many webhook requests over a fixed number of keep-alive connections (undici Pool), as a busy
 * Telegram would, and records each answer's status (0 when the connection failed). Bounded: every request
 * has a timeout and the list is finite.
 */
import { Pool } from 'undici';

export interface Delivery {
  path: string;
  /** Raw body (already JSON-encoded, or deliberately malformed). */
  body: string;
  headers?: Record<string, string>;
}

export interface DeliveryReport {
  /** Status of each delivery, in the order of the input (0 = connection error). */
  statuses: number[];
  /** Count per status. */
  counts: Record<number, number>;
}

export async function deliverAll(
  origin: string,
  deliveries: readonly Delivery[],
  opts: { connections: number; timeoutMs?: number; onAnswer?: (index: number, status: number) => void },
): Promise<DeliveryReport> {
  const pool = new Pool(origin, { connections: opts.connections, pipelining: 1, headersTimeout: opts.timeoutMs ?? 30_000, bodyTimeout: opts.timeoutMs ?? 30_000 });
  const statuses = new Array<number>(deliveries.length).fill(-1);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < deliveries.length; i = next++) {
      const d = deliveries[i];
      if (!d) continue;
      let status = 0;
      try {
        const res = await pool.request({ method: 'POST', path: d.path, body: d.body, headers: { 'content-type': 'application/json', ...d.headers } });
        status = res.statusCode;
        await res.body.dump();
      } catch {
        status = 0;
      }
      statuses[i] = status;
      opts.onAnswer?.(i, status);
    }
  };
  try {
    await Promise.all(Array.from({ length: opts.connections }, worker));
  } finally {
    await pool.close().catch(() => {});
  }
  const counts: Record<number, number> = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  return { statuses, counts };
}
