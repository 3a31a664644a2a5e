import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramChannel } from '../src/channels/telegram/channel.js';
import { createLogger } from '../src/logger.js';
import { startFakeTelegram, type FakeTelegram } from './support/fake-telegram.js';

let fake: FakeTelegram | undefined;
afterEach(async () => {
  fake?.recover();
  await fake?.close();
});

describe('telegram polling stop', () => {
  it('stops within its bounded time while the API holds getUpdates and never answers', async () => {
    fake = await startFakeTelegram();
    const channel = createTelegramChannel({
      config: { token: fake.token, apiRoot: fake.url },
      logger: createLogger({ level: 'silent' }),
      onInbound: async () => {},
      throttle: false,
      stopTimeoutMs: 300,
    });
    // The first poll and every later call hang: grammY's own stop() would wait for its confirming getUpdates.
    fake.fail('getUpdates', { status: 'hang' }, { times: 1_000 });
    await channel.start();
    await fake.waitFor(() => fake!.sent('getUpdates').length > 0);
    const result = await Promise.race([
      channel.stop().then(() => 'stopped'),
      new Promise((r) => setTimeout(() => r('still running'), 10_000)),
    ]);
    expect(result).toBe('stopped');
  });
});
