import { adminMsg } from '../messages.js';
import type { AdminCommand } from '../inbox/respond.js';
import type { ReviewItemInput, Store, StoredInbound } from '../store/types.js';
import { AdminActionError, type AdminActions } from './actions.js';

const NOTIFY_LIST = 'notify:telegram';

/** Runs `/pending`, `/reply <id> <text>`, `/ignore <id>`, `/notify on|off` for Telegram admins. */
export function createTelegramAdminCommands(deps: { store: Store; actions: AdminActions }) {
  const { store, actions } = deps;
  return async (command: AdminCommand, args: string, m: StoredInbound): Promise<string> => {
    try {
      switch (command) {
        case '/pending': {
          const rows = await store.listReview({ status: 'new', sort: 'most', limit: 15 });
          return rows.length ? adminMsg.pendingList(rows) : adminMsg.pendingNone;
        }
        case '/reply': {
          const match = /^#?(\d+)\s+([\s\S]+)$/.exec(args.trim());
          if (!match) return adminMsg.replyUsage;
          const r = await actions.reply(Number(match[1]), match[2] ?? '', m.userName || m.userId);
          return adminMsg.replied(r.sent);
        }
        case '/ignore': {
          const match = /^#?(\d+)$/.exec(args.trim());
          if (!match) return adminMsg.ignoreUsage;
          await actions.ignore(Number(match[1]));
          return adminMsg.ignored;
        }
        case '/notify': {
          const on = args.trim().toLowerCase() !== 'off';
          const list = new Set(((await store.getSetting(NOTIFY_LIST)) ?? '').split(',').filter(Boolean));
          if (on) list.add(m.chatId);
          else list.delete(m.chatId);
          await store.setSetting(NOTIFY_LIST, [...list].join(','));
          return on ? adminMsg.notifyOn : adminMsg.notifyOff;
        }
      }
    } catch (err) {
      if (err instanceof AdminActionError) return err.message;
      throw err;
    }
  };
}

/** Queues a notice to every admin who opted in, when a question is declined for the first time. */
export function createDeclineNotifier(deps: { store: Store; kick: () => void }) {
  return async (item: ReviewItemInput): Promise<void> => {
    if (item.reason !== 'decline') return;
    const chats = ((await deps.store.getSetting(NOTIFY_LIST)) ?? '').split(',').filter(Boolean);
    if (!chats.length) return;
    const group = (await deps.store.listReview({ status: 'new', sort: 'newest', limit: 50 })).find((g) => g.key === item.key);
    if (!group || group.count !== 1) return;
    await deps.store.enqueueOutbox(chats.map((chatId) => ({ channel: 'telegram' as const, chatId, text: adminMsg.notice(group.id, item.question) })));
    deps.kick();
  };
}
