/**
 * Per-chat flood guard (pure, in memory): a chat may send `maxPerWindow` messages in any `windowMs`.
 * The first message over the limit gets `'warn'` (reply once with `msg.slowDown`); later ones get
 * `'drop'` (stored, not answered) until the chat is back under the limit. The warning is given once per
 * flood: it is re-armed only after the chat has been quiet for a whole window.
 * Other chats are never affected; the state of a quiet chat is swept away.
 */

export type FloodVerdict = 'ok' | 'warn' | 'drop';

export interface FloodOptions {
  /** Messages a chat may send within `windowMs` before it is throttled. */
  maxPerWindow: number;
  windowMs: number;
}

export interface FloodGuard {
  /** Counts one message of `chatKey` at time `now` (epoch ms; use the time the message was received). */
  check(chatKey: string, now: number): FloodVerdict;
  /** Chats currently tracked (for tests and metrics). */
  size(): number;
}

/** 8 messages in 10 s: faster than anyone types, slower than a script or a stuck key. */
export const FLOOD_DEFAULTS: FloodOptions = { maxPerWindow: 8, windowMs: 10_000 };

interface ChatState {
  /** Times of the accepted messages still inside the window, oldest first. */
  times: number[];
  /** True once the chat was warned in the current flood. */
  warned: boolean;
  /** Time of the chat's last message of any verdict. */
  last: number;
}

/** Sweeps quiet chats every this many checks, so memory stays bounded by the chats active in one window. */
const SWEEP_EVERY = 1024;

export function createFloodGuard(opts: Partial<FloodOptions> = {}): FloodGuard {
  const maxPerWindow = Math.max(1, Math.floor(opts.maxPerWindow ?? FLOOD_DEFAULTS.maxPerWindow));
  const windowMs = Math.max(1, opts.windowMs ?? FLOOD_DEFAULTS.windowMs);
  const chats = new Map<string, ChatState>();
  let checks = 0;

  const sweep = (now: number) => {
    for (const [key, s] of chats) if (now - s.last >= windowMs) chats.delete(key);
  };

  return {
    check(chatKey, now) {
      if (++checks % SWEEP_EVERY === 0) sweep(now);
      let s = chats.get(chatKey);
      if (!s) {
        s = { times: [], warned: false, last: now };
        chats.set(chatKey, s);
      }
      // A whole window of silence ends the flood and re-arms the warning.
      if (now - s.last >= windowMs) s.warned = false;
      s.last = Math.max(s.last, now);
      while (s.times.length > 0 && now - (s.times[0] ?? now) >= windowMs) s.times.shift();
      if (s.times.length < maxPerWindow) {
        s.times.push(now);
        return 'ok';
      }
      if (s.warned) return 'drop';
      s.warned = true;
      return 'warn';
    },
    size: () => chats.size,
  };
}
