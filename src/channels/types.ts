import type { Channel, InboundInput, StoredOutbox } from '../store/types.js';

/** Sends one outbox row through its channel; throws when the send failed (the dispatcher retries). */
export interface ChannelSender {
  send(row: StoredOutbox): Promise<void>;
}

/** Stores an inbound message and wakes the dispatcher; resolves once the message is durable. */
export type InboundSink = (m: InboundInput) => Promise<void>;

export type ChannelMode = 'webhook' | 'polling';

/** A running channel: how it receives, how it sends, and its lifecycle. */
export interface ChannelRuntime {
  name: Channel;
  mode: ChannelMode;
  sender: ChannelSender;
  /** Registers the webhook, or starts polling in the background. */
  start(): Promise<void>;
  stop(): Promise<void>;
}
