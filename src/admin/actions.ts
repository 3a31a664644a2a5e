import type { Snapshot } from '../answer/answer.js';
import type { Reloader } from '../indexing/reloader.js';
import { adminMsg, msg } from '../messages.js';
import type { Store } from '../store/types.js';
import { AdminActionError } from './action-error.js';
import { renderFaqNote, slugify } from './faq.js';
import type { KnowledgeFiles } from './knowledge-files.js';
import { addQuestion } from './learning.js';
import { checkNote, problemLines } from './note-check.js';

export { AdminActionError };

/** Longest admin reply (a Telegram message holds 4,096 characters; the prefix and the question need room too). */
export const MAX_REPLY_CHARS = 4000;

/** Why a reply (already trimmed) cannot be sent, or undefined when it can. */
export function replyProblem(body: string): string | undefined {
  if (!body) return adminMsg.emptyReply;
  if (body.length > MAX_REPLY_CHARS) return adminMsg.replyTooLong(MAX_REPLY_CHARS, body.length);
  return undefined;
}

export interface KnowledgeInput {
  title?: string | undefined;
  answer: string;
  questions?: string[] | undefined;
  author: string;
  /** The FAQ file of this title exists: replace that very file (otherwise the save is refused). */
  replace?: boolean | undefined;
}

export interface ReplyAndSaveInput {
  text: string;
  title?: string | undefined;
  questions?: string[] | undefined;
  author: string;
  replace?: boolean | undefined;
}

/** How a note is written: a new file (refused when it exists) or a new version of an existing one. */
export type WriteMode = 'create' | 'replace';

export interface AdminActions {
  reply(groupId: number, text: string, author: string): Promise<{ sent: number }>;
  ignore(groupId: number): Promise<void>;
  saveKnowledge(groupId: number, input: KnowledgeInput): Promise<{ file: string }>;
  /** Sends the reply to every asker and saves it as a FAQ, in one action (validated first: a bad note sends nothing). */
  replyAndSave(groupId: number, input: ReplyAndSaveInput): Promise<{ sent: number; file: string }>;
  /** Validates and writes a knowledge file, shares it with the other replicas, and reloads. */
  writeNote(file: string, text: string, mode: WriteMode): Promise<{ file: string }>;
  /** Moves a knowledge file to the trash (restorable) and reloads. */
  deleteNote(file: string): Promise<{ trash: string }>;
  /** Puts a trashed file back (validated like a new file) and reloads. */
  restoreTrash(id: string): Promise<{ file: string }>;
  /** Makes a kept previous version the current one (the current one goes to the history). */
  restoreVersion(file: string, id: string): Promise<{ file: string }>;
  /** Adds a learned phrasing to its note's `questions` (validated, reloaded); marks it approved. */
  approvePhrasing(file: string, key: string): Promise<{ file: string }>;
  /** Rejects a learned phrasing for good (asked again, it stays rejected). */
  rejectPhrasing(file: string, key: string): Promise<void>;
  reload(): Promise<{ files: number; passages: number; problems: number }>;
}

export interface AdminDeps {
  store: Store;
  files: KnowledgeFiles;
  reloader: Reloader;
  snapshot: () => Snapshot;
  /** Wakes the dispatcher so queued replies go out now. */
  kick: () => void;
  /** Shares a saved note with the other replicas (PostgreSQL); first, so a failure saves nothing. */
  publish?: (file: string, content: string | null) => Promise<void>;
  now?: () => number;
}

/** The review actions shared by the admin page, the JSON API and the Telegram admin commands. */
export function createAdminActions(deps: AdminDeps): AdminActions {
  const { store, files } = deps;
  const now = deps.now ?? Date.now;

  const group = async (id: number) => {
    const g = await store.getReview(id);
    if (!g) throw new AdminActionError(404, adminMsg.notFound(id));
    return g;
  };

  /** Validate, share, write, reload; the caller holds the file's lock. */
  const writeLocked = async (file: string, text: string, mode: WriteMode) => {
    const checked = checkNote(deps.snapshot().kb, file, text);
    if (!checked.ok) throw new AdminActionError(400, problemLines(checked.problems));
    const existing = await files.read(file);
    if (mode === 'create' && existing !== undefined) throw new AdminActionError(409, adminMsg.fileExists(file));
    if (mode === 'replace' && existing === undefined) throw new AdminActionError(404, adminMsg.noSuchFile(file));
    await deps.publish?.(file, text);
    if (mode === 'create') await files.create(file, text);
    else await files.replace(file, text);
    await deps.reloader.reload();
    return { file };
  };

  const saveFaq = async (groupId: number, input: KnowledgeInput) => {
    const g = await group(groupId);
    const answer = input.answer.trim() || g.replies.at(-1)?.text || '';
    if (!answer) throw new AdminActionError(400, adminMsg.emptyReply);
    const questions = [...new Set([g.question, ...(input.questions ?? []).map((q) => q.trim())].filter(Boolean))];
    const title = input.title?.trim() || g.question;
    const date = new Date(now()).toISOString().slice(0, 10);
    const text = renderFaqNote({ title, questions, answer, author: input.author, date });
    // One file per title: a title that exists is refused, or (when the officer chose it) that very file is replaced.
    const file = `faq/${slugify(title)}.md`;
    return files.lock(file, async () => {
      const exists = (await files.read(file)) !== undefined;
      if (exists && !input.replace) throw new AdminActionError(409, adminMsg.faqExists(file));
      return writeLocked(file, text, exists ? 'replace' : 'create');
    });
  };

  const reply = async (groupId: number, text: string, author: string) => {
    const body = text.trim();
    const problem = replyProblem(body);
    if (problem) throw new AdminActionError(400, problem);
    const g = await group(groupId);
    const message = `${msg.adminReplyPrefix}\n«${g.question}»\n\n${body}`;
    await store.enqueueOutbox(g.askers.map((a) => ({ channel: a.channel, chatId: a.chatId, text: message })));
    await store.addAdminReply(groupId, { text: body, author, at: now() });
    await store.setReviewStatus(groupId, 'answered');
    deps.kick();
    return { sent: g.askers.length };
  };

  return {
    reply,

    async ignore(groupId) {
      await group(groupId);
      await store.setReviewStatus(groupId, 'ignored');
    },

    saveKnowledge: saveFaq,

    async replyAndSave(groupId, input) {
      const problem = replyProblem(input.text.trim());
      if (problem) throw new AdminActionError(400, problem);
      const { file } = await saveFaq(groupId, { answer: input.text, title: input.title, questions: input.questions, author: input.author, replace: input.replace });
      const { sent } = await reply(groupId, input.text, input.author);
      return { sent, file };
    },

    async writeNote(file, text, mode) {
      files.resolve(file);
      return files.lock(file, () => writeLocked(file, text, mode));
    },

    async deleteNote(file) {
      files.resolve(file);
      return files.lock(file, async () => {
        const trash = await files.remove(file);
        // After the move to the trash: this replica's own sync, told of the deletion too, then finds nothing to remove.
        await deps.publish?.(file, null);
        await deps.reloader.reload();
        return { trash };
      });
    },

    async restoreTrash(id) {
      await files.trashed(id); // refuses a malformed id (400) before looking it up
      const entry = (await files.trash()).find((t) => t.id === id);
      if (!entry) throw new AdminActionError(404, adminMsg.badVersion);
      return files.lock(entry.file, async () => {
        const checked = checkNote(deps.snapshot().kb, entry.file, await files.trashed(id));
        if (!checked.ok) throw new AdminActionError(400, problemLines(checked.problems));
        const file = await files.restore(id);
        await deps.publish?.(file, await files.read(file) ?? '');
        await deps.reloader.reload();
        return { file };
      });
    },

    async restoreVersion(file, id) {
      const text = await files.version(file, id);
      return files.lock(file, () => writeLocked(file, text, 'replace'));
    },

    async approvePhrasing(file, key) {
      const p = (await store.listPhrasings('new')).find((x) => x.file === file && x.key === key);
      if (!p) throw new AdminActionError(404, adminMsg.noPhrasing);
      return files.lock(file, async () => {
        const text = await files.read(file);
        const next = text === undefined ? undefined : addQuestion(text, p.question);
        if (next === undefined) throw new AdminActionError(400, adminMsg.noSuchFile(file));
        if (next !== text) await writeLocked(file, next, 'replace');
        await store.setPhrasingStatus(file, key, 'approved');
        return { file };
      });
    },

    async rejectPhrasing(file, key) {
      const p = (await store.listPhrasings('new')).find((x) => x.file === file && x.key === key);
      if (!p) throw new AdminActionError(404, adminMsg.noPhrasing);
      await store.setPhrasingStatus(file, key, 'rejected');
    },

    async reload() {
      const snap = await deps.reloader.reload();
      return { files: snap.kb.docs.length, passages: snap.index.size, problems: snap.kb.problems.length };
    },
  };
}
