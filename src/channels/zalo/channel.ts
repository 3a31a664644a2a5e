import type { ZaloConfig } from '../../config.js';
import { ZaloApiError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { InboundInput, StoredOutbox } from '../../store/types.js';
import type { ChannelRuntime, InboundSink } from '../types.js';
import { createZaloClient, type ZaloClient } from './client.js';
import { parseZaloUpdate, parseZaloUpdates, type ZaloUpdate } from './events.js';

export const ZALO_WEBHOOK_PATH = '/webhooks/zalo';
/** Long-poll duration of one getUpdates call, in seconds. */
const POLL_TIMEOUT_S = 25;

export interface ZaloDeps {
  config: ZaloConfig;
  publicUrl?: string | undefined;
  logger: Logger;
  onInbound: InboundSink;
  now?: () => number;
  /** Client knobs (tests use tiny backoffs). */
  client?: { retries?: number; backoffMs?: number; timeoutMs?: number };
}

export interface ZaloChannel extends ChannelRuntime {
  client: ZaloClient;
  /** Validates and stores one webhook event. Returns false for a malformed event. */
  receive(json: unknown): Promise<boolean>;
}

/**
 * Zalo errors that retrying cannot fix. Zalo documents no code for them (400 also means "wrong path", 403 an
 * internal error), so only a description that says so counts: the bot is blocked, or the chat or user is unknown.
 */
export function isPermanentZaloError(err: unknown): boolean {
  return err instanceof ZaloApiError && /block|(chat|user|recipient)\s+(is\s+)?not\s+found|not\s+exist/i.test(err.description);
}

/**
 * The duplicate-delivery key of a Zalo message: its chat and message ids as a JSON array, so that no id, whatever
 * it holds (`:` included), can make two different messages share a key (pure).
 */
export function zaloDeliveryKey(chatId: string, messageId: string): string {
  return JSON.stringify([chatId, messageId]);
}

/**
 * The bot answers private chats only, on every channel. Zalo says `PRIVATE` or `GROUP`; an event that says
 * nothing is taken to be private (a user writing to the bot).
 */
export const isPrivateZaloChat = (u: Pick<ZaloUpdate, 'chatType'>) => u.chatType === undefined || u.chatType.toUpperCase() === 'PRIVATE';

/** Our inbound message for a Zalo update (pure); undefined for one we do not answer (a group chat). */
export function normaliseZaloUpdate(u: ZaloUpdate, now: number): InboundInput | undefined {
  if (!isPrivateZaloChat(u)) return undefined;
  return {
    channel: 'zalo',
    deliveryKey: zaloDeliveryKey(u.chatId, u.messageId),
    chatId: u.chatId,
    userId: u.userId,
    userName: u.userName,
    kind: u.kind === 'text' ? (u.text.startsWith('/') ? 'command' : 'text') : 'other',
    text: u.kind === 'text' ? u.text : '',
    receivedAt: now,
  };
}

/** The Zalo channel: webhook or getUpdates polling in, our undici client out. */
export function createZaloChannel(deps: ZaloDeps): ZaloChannel {
  const { config, logger } = deps;
  const now = deps.now ?? Date.now;
  const client = createZaloClient({
    token: config.token,
    apiRoot: config.apiRoot,
    ...deps.client,
    onRetry: ({ method, attempt, error, delayMs }) => logger.warn({ channel: 'zalo', method, attempt, delayMs, err: error }, 'zalo call failed, retrying'),
  });
  const mode = deps.publicUrl ? 'webhook' : 'polling';
  let polling = false;
  let loop: Promise<void> | undefined;
  /** Bumped on each start: a loop from before a stop ends even if its poll returns after a new start. */
  let run = 0;

  /** Stores an update we answer; one from a group chat is acknowledged and dropped. */
  const store = async (u: ZaloUpdate) => {
    const inbound = normaliseZaloUpdate(u, now());
    if (inbound) await deps.onInbound(inbound);
    else logger.debug({ channel: 'zalo', chatType: u.chatType }, 'zalo group message ignored (private chats only)');
  };

  const receive = async (json: unknown) => {
    const parsed = parseZaloUpdate(json);
    if (!parsed.ok) {
      logger.warn({ channel: 'zalo', reason: parsed.error }, 'zalo event rejected');
      return false;
    }
    await store(parsed.update);
    return true;
  };

  const pollLoop = async (mine: number) => {
    let failures = 0;
    const current = () => polling && run === mine;
    while (current()) {
      try {
        const batch = await client.getUpdates({ timeout: POLL_TIMEOUT_S });
        for (const reason of batch.errors) logger.warn({ channel: 'zalo', reason }, 'zalo update skipped');
        for (const u of batch.updates) await store(u);
        failures = 0;
      } catch (err) {
        if (!current()) return;
        failures += 1;
        logger.error({ err, channel: 'zalo' }, 'zalo getUpdates failed');
        await new Promise((r) => setTimeout(r, Math.min(30_000, 500 * 2 ** failures)));
      }
    }
  };

  const send = async (row: StoredOutbox) => {
    if (!row.text) return;
    await client.sendChatAction({ chat_id: row.chatId, action: 'typing' }).catch((err: unknown) => logger.debug({ err, channel: 'zalo' }, 'typing failed (ignored)'));
    await client.sendMessage({ chat_id: row.chatId, text: row.text });
  };

  return {
    name: 'zalo',
    mode,
    client,
    receive,
    sender: { send, isPermanent: isPermanentZaloError },
    async start() {
      // The token works and the API answers, or the start fails (and is tried again later).
      const me = await client.getMe();
      logger.info({ channel: 'zalo', bot: me.account_name }, 'zalo bot identified');
      if (mode === 'webhook' && deps.publicUrl && config.webhookSecret) {
        await client.setWebhook({ url: `${deps.publicUrl}${ZALO_WEBHOOK_PATH}`, secret_token: config.webhookSecret });
        logger.info({ channel: 'zalo', mode }, 'zalo webhook registered');
        return;
      }
      // getUpdates does not work while a webhook is set: without deleting it, polling would fail for ever.
      await client.deleteWebhook();
      if (polling) return;
      polling = true;
      run += 1;
      loop = pollLoop(run);
      logger.info({ channel: 'zalo', mode }, 'zalo polling started');
    },
    async stop() {
      polling = false;
      // A long poll in flight is abandoned after a short grace period.
      if (loop) await Promise.race([loop, new Promise((r) => setTimeout(r, 1000))]);
    },
  };
}
