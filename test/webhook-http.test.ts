import { serve, type ServerType } from '@hono/node-server';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { createServer } from '../src/server.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { captureLogs } from './support/app.js';
import { realSnapshot } from './support/knowledge.js';
import { tempDir } from './support/tmp.js';

const SECRET = 'webhook-http-secret-123';
const HEADER = 'x-test-secret';

/**
 * The webhook route of the real server on loopback, with a receive step that records what it got (the
 * channel adapters behind it are tested end to end in test/e2e).
 */
describe('webhook route: reading the body from the Node request', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function start() {
    const tmp = tempDir('congdoan-webhook-http-');
    const store = await openSqliteStore({ dataDir: tmp.dir });
    const snap = await realSnapshot();
    const received: unknown[] = [];
    const app = createServer({
      store,
      snapshot: () => snap,
      channels: () => ({ telegram: { mode: 'webhook', state: 'ok' }, zalo: { mode: 'off' } }),
      webhooks: [
        {
          path: '/webhooks/test',
          header: HEADER,
          secret: SECRET,
          receive: async (json) => {
            const body = json as { fail?: boolean; ok?: boolean };
            received.push(json);
            if (body.fail) throw new Error('storage down');
            return body.ok === true;
          },
        },
      ],
      logger: createLogger({ level: 'fatal', destination: captureLogs().stream }),
    });
    const server: ServerType = await new Promise((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    cleanups.push(tmp.cleanup, () => store.close(), () => new Promise<void>((r) => server.close(() => r())));
    const port = (server.address() as AddressInfo).port;
    const url = `http://127.0.0.1:${port}/webhooks/test`;
    const send = (body: string | Uint8Array, headers: Record<string, string> = {}) =>
      fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', [HEADER]: SECRET, ...headers } });
    return { send, received, port };
  }

  /** A raw request whose body is written in pieces, with a pause between them. */
  function sendInPieces(port: number, pieces: string[], declared: number, endEarly = false): Promise<{ status?: number; error?: string }> {
    return new Promise((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/webhooks/test', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': declared, [HEADER]: SECRET } });
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode });
      });
      req.on('error', (err) => resolve({ error: err.message }));
      let i = 0;
      const next = () => {
        if (i < pieces.length) {
          req.write(pieces[i++]);
          setTimeout(next, 10);
        } else if (endEarly) req.destroy();
        else req.end();
      };
      next();
    });
  }

  it('reads a body that arrives in several pieces, multi-byte characters split between them', async () => {
    const { send, received, port } = await start();
    const body = Buffer.from(JSON.stringify({ ok: true, text: 'Công đoàn có cho vay vốn không? 🎉' }));
    const cut = body.indexOf(Buffer.from('đ')) + 1; // inside the two bytes of `đ`
    const raw = await new Promise<number | undefined>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/webhooks/test', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length, [HEADER]: SECRET } });
      req.on('response', (res) => (res.resume(), resolve(res.statusCode)));
      req.write(body.subarray(0, cut));
      setTimeout(() => req.end(body.subarray(cut)), 20);
    });
    expect(raw).toBe(200);
    expect(received.at(-1)).toEqual({ ok: true, text: 'Công đoàn có cho vay vốn không? 🎉' });
    expect((await send('{"ok":true,"after":1}')).status).toBe(200);
  });

  it('survives a client that goes away in the middle of its body, and serves the next delivery', async () => {
    const { send, received, port } = await start();
    const gone = await sendInPieces(port, ['{"ok":true,', '"text":"vay'], 500, true);
    expect(gone.status).toBeUndefined();
    expect((await send('{"ok":true}')).status).toBe(200);
    expect(received).toEqual([{ ok: true }]);
  });

  it('reads a body just under the limit, in many pieces', async () => {
    const { send, received } = await start();
    const fits = JSON.stringify({ ok: true, pad: 'x'.repeat(256 * 1024 - 100) });
    expect((await send(fits)).status).toBe(200);
    expect((received.at(-1) as { pad: string }).pad).toHaveLength(256 * 1024 - 100);
  });

  it('rejects or fails each bad delivery with its own status', async () => {
    const { send } = await start();
    const cases: [string, Promise<Response>, number][] = [
      ['wrong secret', send('{"ok":true}', { [HEADER]: 'wrong' }), 401],
      ['malformed JSON', send('{"ok":'), 400],
      ['not UTF-8', send(Uint8Array.from([0x7b, 0x22, 0x6f, 0x6b, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])), 400],
      ['not an update', send('{"ok":false}'), 400],
      ['over the size limit', send(JSON.stringify({ ok: true, pad: 'x'.repeat(300 * 1024) })), 413],
      ['receive throws', send('{"fail":true}'), 500],
    ];
    for (const [label, response, status] of cases) expect((await response).status, label).toBe(status);
    expect((await send('{"ok":true}')).status).toBe(200);
  });
});
