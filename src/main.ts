/** Entry point: read the environment once, start the bot, stop cleanly on SIGTERM/SIGINT. */
import { existsSync } from 'node:fs';
import { startApp } from './app.js';
import { parseConfig } from './config.js';
import { ConfigError } from './errors.js';
import { createLogger } from './logger.js';

async function main(): Promise<void> {
  // 1. Environment: .env when present, then one zod parse.
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const dbPassword = config.databaseUrl ? decodeURIComponent(new URL(config.databaseUrl).password) : undefined;
  const secrets = [config.telegram?.token, config.telegram?.webhookSecret, config.zalo?.token, config.zalo?.webhookSecret, config.adminToken, dbPassword].filter(
    (s): s is string => Boolean(s),
  );
  const logger = createLogger({ level: config.logLevel, secrets });

  // 2. Start everything.
  const app = await startApp(config, { logger });

  // 3. Signals: stop taking requests, finish in-flight work, close the database, exit 0.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // The bound (SHUTDOWN_TIMEOUT_SECONDS): past it the process exits 1. The systemd unit's TimeoutStopSec is above it.
    setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown took too long; exiting');
      logger.flush();
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    app.close().then(
      () => {
        logger.info('stopped');
        logger.flush();
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        logger.flush();
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
