import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.stop();
});

describe('HTTP server timeouts', () => {
  it('cuts off a client that never finishes its headers, long before Node’s 60 s default', async () => {
    app = await startTestApp({});
    const socket = connect(app.port, '127.0.0.1');
    socket.on('error', () => {});
    socket.resume();
    socket.write('POST /webhooks/telegram HTTP/1.1\r\nHost: x\r\n');
    const result = await Promise.race([
      new Promise((r) => socket.on('close', () => r('closed'))),
      new Promise((r) => setTimeout(() => r('still open'), 12_000)),
    ]);
    socket.destroy();
    expect(result).toBe('closed');
  }, 30_000);
});
