/** Fetches an article page (undici), with a timeout and a size limit; errors read in Vietnamese. */
import { fetch } from 'undici';
import { importMsg } from '../messages.js';

/** An article that could not be read or holds no article; the message is for the officer. */
export class ImportError extends Error {
  override name = 'ImportError';
}

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
}

export const FETCH_LIMITS: FetchLimits = { timeoutMs: 10_000, maxBytes: 3 * 1024 * 1024 };

/** The page's text (HTML or plain), decoded as UTF-8. */
export async function fetchArticle(url: string, limits: FetchLimits = FETCH_LIMITS): Promise<string> {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw new ImportError(importMsg.badUrl);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ImportError(importMsg.badUrl);
  const fail = (why: string, cause?: unknown) => new ImportError(importMsg.cannotRead(u.href, why), { cause });
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let res: Awaited<ReturnType<typeof fetch>>;
  try {
    res = await fetch(u, { signal, redirect: 'follow', headers: { accept: 'text/html,text/plain;q=0.9,*/*;q=0.1' } });
  } catch (err) {
    throw fail(signal.aborted ? importMsg.timeout(limits.timeoutMs / 1000) : importMsg.unreachable, err);
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => {});
    throw fail(importMsg.httpStatus(res.status));
  }
  const type = res.headers.get('content-type') ?? '';
  if (type && !/text\/|html|xml/i.test(type)) {
    await res.body?.cancel().catch(() => {});
    throw fail(importMsg.notText(type));
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body ?? []) {
      size += chunk.byteLength;
      if (size > limits.maxBytes) {
        await res.body?.cancel().catch(() => {});
        throw fail(importMsg.tooBig(Math.round(limits.maxBytes / 1024 / 1024)));
      }
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw fail(signal.aborted ? importMsg.timeout(limits.timeoutMs / 1000) : importMsg.unreachable, err);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}
