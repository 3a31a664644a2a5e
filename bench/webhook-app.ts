/**
 * The bot for the webhook benchmark: `startApp` (the real app, as `npm start` builds it) in its own process,
 * so the load generator does not share its event loop. Logs go to a null stream at level `warn`; the lines
 * are only counted. Telegram's outgoing throttle is off (see the table notes). Talks to the parent over IPC:
 * sends `{ port }` when listening; on `stop`, closes the app and sends `{ stopped, warnLines, rssMiB, loop }` (event-loop delay over the whole run).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { startApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';

let warnLines = 0;
const sink = new Writable({
  write(chunk: Buffer, _enc, cb) {
    const lines = chunk.toString('utf8').split('\n').filter(Boolean);
    warnLines += lines.length;
    if (process.env.BENCH_DEBUG) for (const l of lines) process.stderr.write(`${l.slice(0, 400)}\n`);
    cb();
  },
});

const config = parseConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
const logger = createLogger({ level: 'warn', destination: sink });
const app = await startApp(config, { logger, throttle: false });
await app.ready;
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
process.send?.({ port: app.port });
process.on('message', (m: unknown) => {
  if (m !== 'stop') return;
  void app.close().then(() => {
    const loop = { p50Ms: loopDelay.percentile(50) / 1e6, p99Ms: loopDelay.percentile(99) / 1e6, maxMs: loopDelay.max / 1e6 };
    process.send?.({ stopped: true, warnLines, rssMiB: Math.round(process.memoryUsage().rss / 1048576), loop }, () => process.exit(0));
  });
});
