import type { Context } from 'hono';
import { secretMatches } from './secret.js';

/** Largest webhook body we accept. */
export const MAX_BODY_BYTES = 256 * 1024;

export type WebhookResult = { ok: true } | { ok: false; status: 400 | 401 | 413; error: string };

/**
 * Verifies the secret header and reads a JSON body within the size limit. The secret is checked
 * before the body is read, so an unauthenticated request costs nothing.
 */
export async function readWebhook(c: Context, header: string, secret: string | undefined): Promise<{ ok: true; json: unknown } | Exclude<WebhookResult, { ok: true }>> {
  if (secret !== undefined && !secretMatches(c.req.header(header), secret)) return { ok: false, status: 401, error: 'unauthorized' };
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) return { ok: false, status: 413, error: 'payload too large' };
  const buf = await c.req.arrayBuffer();
  if (buf.byteLength > MAX_BODY_BYTES) return { ok: false, status: 413, error: 'payload too large' };
  try {
    return { ok: true, json: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(buf)) };
  } catch {
    return { ok: false, status: 400, error: 'malformed JSON' };
  }
}
