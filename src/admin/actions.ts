import { mkdir, rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseKnowledgeFile } from '../knowledge/parse.js';
import type { Reloader } from '../indexing/reloader.js';
import { adminMsg, msg } from '../messages.js';
import type { Store } from '../store/types.js';
import { renderFaqNote, slugify } from './faq.js';

/** An admin action that cannot be done, with a message for the admin. */
export class AdminActionError extends Error {
  override name = 'AdminActionError';
  constructor(
    readonly status: 400 | 404,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface KnowledgeInput {
  title?: string | undefined;
  answer: string;
  questions?: string[] | undefined;
  author: string;
}

export interface AdminActions {
  reply(groupId: number, text: string, author: string): Promise<{ sent: number }>;
  ignore(groupId: number): Promise<void>;
  saveKnowledge(groupId: number, input: KnowledgeInput): Promise<{ file: string }>;
  reload(): Promise<{ files: number; passages: number; problems: number }>;
}

export interface AdminDeps {
  store: Store;
  knowledgeDir: string;
  reloader: Reloader;
  /** Wakes the dispatcher so queued replies go out now. */
  kick: () => void;
  /** Shares a saved note with the other replicas (PostgreSQL); first, so a failure saves nothing. */
  publish?: (file: string, content: string) => Promise<void>;
  now?: () => number;
}

/** The review actions shared by the admin page, the JSON API and the Telegram admin commands. */
export function createAdminActions(deps: AdminDeps): AdminActions {
  const { store } = deps;
  const now = deps.now ?? Date.now;

  const group = async (id: number) => {
    const g = await store.getReview(id);
    if (!g) throw new AdminActionError(404, adminMsg.notFound(id));
    return g;
  };

  return {
    async reply(groupId, text, author) {
      const body = text.trim();
      if (!body) throw new AdminActionError(400, adminMsg.emptyReply);
      const g = await group(groupId);
      const message = `${msg.adminReplyPrefix}\n«${g.question}»\n\n${body}`;
      await store.enqueueOutbox(g.askers.map((a) => ({ channel: a.channel, chatId: a.chatId, text: message })));
      await store.addAdminReply(groupId, { text: body, author, at: now() });
      await store.setReviewStatus(groupId, 'answered');
      deps.kick();
      return { sent: g.askers.length };
    },

    async ignore(groupId) {
      await group(groupId);
      await store.setReviewStatus(groupId, 'ignored');
    },

    async saveKnowledge(groupId, input) {
      const g = await group(groupId);
      const answer = input.answer.trim() || g.replies.at(-1)?.text || '';
      if (!answer) throw new AdminActionError(400, adminMsg.emptyReply);
      const questions = [...new Set([g.question, ...(input.questions ?? []).map((q) => q.trim())].filter(Boolean))];
      const title = input.title?.trim() || g.question;
      const date = new Date(now()).toISOString().slice(0, 10);
      const text = renderFaqNote({ title, questions, answer, author: input.author, date });
      const base = slugify(title);
      let name = `${base}.md`;
      for (let i = 2; existsSync(path.join(deps.knowledgeDir, 'faq', name)); i++) name = `${base}-${i}.md`;
      const file = `faq/${name}`;
      const parsed = parseKnowledgeFile({ file, text });
      if (!parsed.ok) throw new AdminActionError(400, parsed.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
      await deps.publish?.(file, text);
      const abs = path.join(deps.knowledgeDir, file);
      await mkdir(path.dirname(abs), { recursive: true });
      // Write then rename, so the watcher never reads a half-written note.
      await writeFile(`${abs}.tmp`, text);
      await rename(`${abs}.tmp`, abs);
      await deps.reloader.reload();
      return { file };
    },

    async reload() {
      const snap = await deps.reloader.reload();
      return { files: snap.kb.docs.length, passages: snap.index.size, problems: snap.kb.problems.length };
    },
  };
}
