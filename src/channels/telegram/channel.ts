import { autoRetry } from '@grammyjs/auto-retry';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { Bot, GrammyError } from 'grammy';
import { z } from 'zod';
import type { TelegramConfig } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { StoredOutbox } from '../../store/types.js';
import type { ChannelRuntime, InboundSink } from '../types.js';
import { normaliseTelegramUpdate, telegramUpdateSchema } from './normalise.js';
import { escapeHtml, splitTelegramText } from './render.js';

export const TELEGRAM_WEBHOOK_PATH = '/webhooks/telegram';

const button = z.object({ text: z.string(), callback_data: z.string() });
const payloadSchema = z
  .object({ keyboard: z.array(z.array(button)).optional(), callbackQueryId: z.string().optional(), toast: z.string().optional() })
  .catch({});

export { splitForTelegram } from './render.js';

/** Longest wait for one send (sendMessage, answerCallbackQuery); grammY's own default is 500 s. */
export const TELEGRAM_SEND_TIMEOUT_MS = 15_000;
/** grammY's request timeout: above the long poll (`getUpdates` holds up to 30 s), far below grammY's 500 s. */
const CLIENT_TIMEOUT_S = 45;

type GrammySignal = Parameters<Bot['api']['sendMessage']>[3];

/** Telegram errors that retrying cannot fix: 403 (bot blocked, kicked, user deactivated) and 400 (chat not found, bad request). */
export function isPermanentTelegramError(err: unknown): boolean {
  return err instanceof GrammyError && (err.error_code === 403 || err.error_code === 400);
}

export interface TelegramDeps {
  config: TelegramConfig;
  publicUrl?: string | undefined;
  logger: Logger;
  onInbound: InboundSink;
  now?: () => number;
  /** Telegram's rate limits (on by default; tests may switch them off to run fast). */
  throttle?: boolean;
  /** Longest wait for one send (default TELEGRAM_SEND_TIMEOUT_MS). */
  sendTimeoutMs?: number;
  /** Longest wait for stop() while a long poll is held (default TELEGRAM_STOP_TIMEOUT_MS). */
  stopTimeoutMs?: number;
}

/** stop() never waits longer than this for grammY to end a held getUpdates long poll. */
export const TELEGRAM_STOP_TIMEOUT_MS = 5_000;

export interface TelegramChannel extends ChannelRuntime {
  bot: Bot;
  /** Validates and stores one update (webhook or polling). Returns false for a malformed update. */
  receive(update: unknown): Promise<boolean>;
}

/** The Telegram channel on grammY: webhook or long polling in, throttled and auto-retried API out. */
export function createTelegramChannel(deps: TelegramDeps): TelegramChannel {
  const { config, logger } = deps;
  const now = deps.now ?? Date.now;
  const bot = new Bot(config.token, { client: { apiRoot: config.apiRoot, timeoutSeconds: CLIENT_TIMEOUT_S } });
  const sendTimeoutMs = deps.sendTimeoutMs ?? TELEGRAM_SEND_TIMEOUT_MS;
  // auto-retry waits out 429 retry_after; 5xx and network failures go back to the durable outbox,
  // which retries with its own backoff and logs each failure.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowInternalServerErrors: true, rethrowHttpErrors: true }));
  if (deps.throttle !== false) bot.api.config.use(apiThrottler());
  const mode = deps.publicUrl ? 'webhook' : 'polling';

  const receive = async (update: unknown): Promise<boolean> => {
    const parsed = telegramUpdateSchema.safeParse(update);
    if (!parsed.success) return false;
    const inbound = normaliseTelegramUpdate(parsed.data, now());
    if (inbound) await deps.onInbound(inbound);
    return true;
  };
  // Polling delivers through grammY's middleware; the update takes the same path as a webhook's.
  bot.use(async (ctx) => {
    await receive(ctx.update);
  });
  bot.catch((err) => logger.error({ err: err.error, channel: 'telegram' }, 'telegram polling handler failed'));

  /** Sends one row: answers its button press, then its text (one part; longer text from elsewhere is split). */
  const send = async (row: StoredOutbox) => {
    const payload = payloadSchema.parse(row.payload ?? {});
    // grammY's Node typings name the abort-controller package's AbortSignal; Node's own is the same at run time.
    const signal = AbortSignal.timeout(sendTimeoutMs) as unknown as GrammySignal;
    if (payload.callbackQueryId) {
      await bot.api.answerCallbackQuery(payload.callbackQueryId, payload.toast ? { text: payload.toast } : {}, signal).catch((err: unknown) => {
        logger.debug({ err, channel: 'telegram' }, 'answerCallbackQuery failed (ignored)');
      });
    }
    const chunks = splitTelegramText(row.text);
    for (const [i, chunk] of chunks.entries()) {
      const last = i === chunks.length - 1;
      await bot.api.sendMessage(
        row.chatId,
        escapeHtml(chunk),
        { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...(last && payload.keyboard ? { reply_markup: { inline_keyboard: payload.keyboard } } : {}) },
        signal,
      );
    }
  };

  const start = async (onFailure?: (err: unknown) => void) => {
    if (mode === 'webhook' && deps.publicUrl) {
      await bot.api.setWebhook(`${deps.publicUrl}${TELEGRAM_WEBHOOK_PATH}`, {
        secret_token: config.webhookSecret,
        allowed_updates: ['message', 'callback_query'],
      });
      logger.info({ channel: 'telegram', mode }, 'telegram webhook registered');
      return;
    }
    // One attempt each (grammY's own init() and start() retry a 5xx or a network failure for ever, silently):
    // a failure rejects, and the caller tries again later.
    bot.botInfo = await bot.api.getMe();
    await bot.api.deleteWebhook();
    // bot.start() deletes the webhook again (retrying), then long-polls until stop(); resolved once it polls.
    await new Promise<void>((resolve, reject) => {
      let started = false;
      bot
        .start({
          allowed_updates: ['message', 'callback_query'],
          onStart: () => {
            started = true;
            logger.info({ channel: 'telegram', mode }, 'telegram polling started');
            resolve();
          },
        })
        .then(
          () => {
            if (!started) resolve(); // stopped before it polled
          },
          (err: unknown) => {
            if (!started) return reject(err);
            logger.error({ err, channel: 'telegram' }, 'telegram polling stopped');
            onFailure?.(err);
          },
        );
    });
  };

  // grammY's stop() aborts the pending poll, then confirms the offset with one more getUpdates, which a hung
  // API never answers: stop waits for it at most stopTimeoutMs, then lets it go (the updates stay stored).
  const stop = async () => {
    if (!bot.isRunning()) return;
    let timer: NodeJS.Timeout | undefined;
    const bounded = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), deps.stopTimeoutMs ?? TELEGRAM_STOP_TIMEOUT_MS)));
    const outcome = await Promise.race([bot.stop().then(() => 'stopped' as const), bounded]).finally(() => clearTimeout(timer));
    if (outcome === 'timeout') logger.warn({ channel: 'telegram' }, 'telegram polling did not stop in time; leaving it');
  };

  return { name: 'telegram', mode, bot, sender: { send, isPermanent: isPermanentTelegramError }, receive, start, stop };
}
