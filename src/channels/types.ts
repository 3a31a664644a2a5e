import type { Reply } from '../answer/types.js';
import type { Channel, InboundInput, OutboxInput, StoredInbound, StoredOutbox } from '../store/types.js';

/** Sends one outbox row through its channel; throws when the send failed (the dispatcher retries). */
export interface ChannelSender {
  send(row: StoredOutbox): Promise<void>;
  /** True when retrying cannot help (the chat does not exist, the bot was blocked): the reply is given up at once. */
  isPermanent(err: unknown): boolean;
}

/**
 * A channel's own rendering (pure): turns what the bot says into outbox rows, one row per message sent, in
 * order, so a failure on one part never sends the parts before it again.
 */
export interface ReplyRenderer {
  /** The rows that deliver `reply` to the sender of `m` (`callbackQueryId`: the button press it answers). */
  reply(reply: Reply, m: StoredInbound, callbackQueryId?: string): OutboxInput[];
  /** The rows for plain text (admin command output, notices). */
  text(text: string, m: Pick<StoredInbound, 'channel' | 'chatId' | 'id'>): OutboxInput[];
  /** The rows that acknowledge a button press with a short notice (none on a channel without buttons). */
  toast(toast: string, m: StoredInbound, callbackQueryId?: string): OutboxInput[];
}

/** Stores an inbound message and wakes the dispatcher; resolves once the message is durable. */
export type InboundSink = (m: InboundInput) => Promise<void>;

export type ChannelMode = 'webhook' | 'polling';

/** A running channel: how it receives, how it sends, and its lifecycle. */
export interface ChannelRuntime {
  name: Channel;
  mode: ChannelMode;
  sender: ChannelSender;
  /**
   * Registers the webhook, or starts polling in the background; rejects when the channel could not start (the
   * API failed or could not be reached). `onFailure`: called if polling, once started, stops on its own.
   */
  start(onFailure?: (err: unknown) => void): Promise<void>;
  stop(): Promise<void>;
}
