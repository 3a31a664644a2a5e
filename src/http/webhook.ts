import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { secretMatches } from './secret.js';

/** Largest webhook body we accept. */
export const MAX_BODY_BYTES = 256 * 1024;

export type WebhookResult = { ok: true } | { ok: false; status: 400 | 401 | 413; error: string };

/**
 * Verifies the secret header and reads a JSON body within the size limit, declared or not: the body is
 * read from Node's request stream and reading stops at the limit. The secret is checked before the body
 * is read, so an unauthenticated request costs nothing.
 */
export async function readWebhook(c: Context, header: string, secret: string | undefined): Promise<{ ok: true; json: unknown } | Exclude<WebhookResult, { ok: true }>> {
  if (secret !== undefined && !secretMatches(c.req.header(header), secret)) return { ok: false, status: 401, error: 'unauthorized' };
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) return { ok: false, status: 413, error: 'payload too large' };
  // Node's request stream directly: a web Request (AbortSignal, web stream) cost more than the rest of the
  // acknowledgement. Outside @hono/node-server (never in production) the body is read whole, then checked.
  const incoming = nodeRequestOf(c);
  const buf = incoming ? await readCapped(incoming, MAX_BODY_BYTES) : new Uint8Array(await c.req.arrayBuffer());
  if (buf === undefined || buf.byteLength > MAX_BODY_BYTES) return { ok: false, status: 413, error: 'payload too large' };
  try {
    return { ok: true, json: JSON.parse(decoder.decode(buf)) };
  } catch {
    return { ok: false, status: 400, error: 'malformed JSON' };
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The Node request under @hono/node-server (`c.env.incoming`), when its body has not been touched yet. */
function nodeRequestOf(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming || incoming.readableEnded || incoming.readableFlowing !== null || incoming.destroyed) return undefined;
  return incoming;
}

/** Reads a Node request body up to `max` bytes; undefined as soon as it is longer (the rest is not read). */
function readCapped(incoming: IncomingMessage, max: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        incoming.off('data', onData);
        incoming.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    incoming.on('data', onData);
    incoming.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    incoming.once('error', reject);
    incoming.once('close', () => reject(new Error('the request closed before its body ended')));
  });
}
