/**
 * Keeps a channel started: a start that fails (the API answers 500, or cannot be reached) is tried again with
 * capped exponential backoff until it succeeds, and a running channel that stops on its own (a polling loop
 * ended by the API) is started again the same way. Meanwhile the rest of the bot runs, and `health()` says
 * what state the channel is in and why (for /healthz; secrets redacted).
 */
import type { Logger } from '../logger.js';
import { redactSecrets } from '../logger.js';
import type { ChannelMode, ChannelRuntime } from './types.js';

/** Waits between start attempts: `initialMs`, doubling after each failure, never above `maxMs`. */
export interface StartBackoff {
  initialMs: number;
  maxMs: number;
}

/** 1 s, doubling, capped at 5 minutes. */
export const DEFAULT_START_BACKOFF: StartBackoff = { initialMs: 1_000, maxMs: 5 * 60_000 };

/** The wait before the next attempt after `failures` failed ones in a row (pure; `failures` ≥ 1). */
export function startRetryDelayMs(failures: number, backoff: StartBackoff = DEFAULT_START_BACKOFF): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** exponent);
}

/**
 * - `starting`: the first attempt is under way;
 * - `ok`: started (webhook registered, or polling);
 * - `retrying`: the last attempt failed (or the running channel stopped); the next one is at `nextAttemptAt`;
 * - `standby`: a polling channel another replica polls for;
 * - `stopped`: the bot is shutting down.
 */
export type ChannelState = 'starting' | 'ok' | 'retrying' | 'standby' | 'stopped';

/** What /healthz shows for one channel. */
export interface ChannelHealth {
  mode: ChannelMode | 'off';
  state?: ChannelState;
  /** Why the channel is not started (the last failure), secrets redacted. */
  error?: string;
  /** Failed attempts in a row. */
  failures?: number;
  /** When the next attempt is due (ISO 8601). */
  nextAttemptAt?: string;
}

export interface ChannelSupervisor {
  name: ChannelRuntime['name'];
  mode: ChannelMode;
  /** Starts the channel; resolves after the first attempt, whatever its outcome (retries go on in the background). */
  start(): Promise<void>;
  /** Stops retrying and stops the channel; `standby` when another replica takes over polling. */
  stop(state?: 'stopped' | 'standby'): Promise<void>;
  health(): ChannelHealth;
}

export interface SupervisorDeps {
  channel: ChannelRuntime;
  logger: Logger;
  backoff?: StartBackoff | undefined;
  /** Tokens and webhook secrets, never shown in `health()`. */
  secrets: readonly string[];
  /** Initial state before start() (`standby` for a polling channel that waits for the polling lead). */
  initial?: ChannelState;
  now?: () => number;
}

/** Longest reason shown on /healthz. */
const REASON_MAX = 300;

/** A short, secret-free reason for a failure (pure). */
export function failureReason(err: unknown, secrets: readonly string[]): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const flat = redactSecrets(text, secrets).replace(/\s+/g, ' ').trim();
  return flat.length > REASON_MAX ? `${flat.slice(0, REASON_MAX)}…` : flat;
}

export function createChannelSupervisor(deps: SupervisorDeps): ChannelSupervisor {
  const { channel, logger } = deps;
  const backoff = deps.backoff ?? DEFAULT_START_BACKOFF;
  const now = deps.now ?? Date.now;
  let state: ChannelState = deps.initial ?? 'starting';
  let failures = 0;
  let error: string | undefined;
  let nextAttemptAt: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  /** Bumped by start() and stop(): an attempt of an older generation does nothing when it ends. */
  let generation = 0;

  const failed = (gen: number, err: unknown, what: string) => {
    if (gen !== generation) return;
    failures += 1;
    error = failureReason(err, deps.secrets);
    const delayMs = startRetryDelayMs(failures, backoff);
    nextAttemptAt = now() + delayMs;
    state = 'retrying';
    logger.error({ err, channel: channel.name, failures, retryInMs: delayMs }, `${channel.name} ${what}; trying again later`);
    timer = setTimeout(() => {
      timer = undefined;
      void attempt(gen);
    }, delayMs);
    timer.unref();
  };

  const attempt = async (gen: number): Promise<void> => {
    try {
      // A channel that stops on its own after it started is started again.
      await channel.start((err) => {
        if (gen === generation && state === 'ok') failed(gen, err, 'stopped');
      });
    } catch (err) {
      failed(gen, err, 'failed to start');
      return;
    }
    if (gen !== generation) {
      // Stopped while this attempt was under way: undo it.
      await channel.stop().catch(() => {});
      return;
    }
    if (failures > 0) logger.info({ channel: channel.name, failures }, `${channel.name} started after ${failures} failed attempts`);
    state = 'ok';
    failures = 0;
    error = undefined;
    nextAttemptAt = undefined;
  };

  return {
    name: channel.name,
    mode: channel.mode,
    start() {
      clearTimeout(timer);
      generation += 1;
      state = 'starting';
      failures = 0;
      error = undefined;
      nextAttemptAt = undefined;
      return attempt(generation);
    },
    async stop(next = 'stopped') {
      generation += 1;
      clearTimeout(timer);
      timer = undefined;
      state = next;
      nextAttemptAt = undefined;
      await channel.stop().catch((err: unknown) => logger.error({ err, channel: channel.name }, `${channel.name} failed to stop`));
    },
    health() {
      return {
        mode: channel.mode,
        state,
        ...(error !== undefined && state === 'retrying' ? { error, failures } : {}),
        ...(nextAttemptAt !== undefined && state === 'retrying' ? { nextAttemptAt: new Date(nextAttemptAt).toISOString() } : {}),
      };
    },
  };
}
