import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnswerThread, type AnswerThread } from '../src/inbox/answer-thread.js';
import { decide, type DecideOptions, type Decision } from '../src/inbox/respond.js';
import { createSnapshotBuilder, type SnapshotBuilder } from '../src/indexing/builder.js';
import { DEFAULT_KNOWLEDGE_FILE_LIMIT } from '../src/knowledge/load.js';
import { createLogger } from '../src/logger.js';
import type { Snapshot } from '../src/answer/answer.js';
import { openSnapshot } from '../src/answer/snapshot.js';
import { IndexBuildError } from '../src/errors.js';
import { loadSnapshotData } from '../src/indexing/build.js';
import type { StoredInbound } from '../src/store/types.js';
import { captureLogs } from './support/app.js';
import { KNOWLEDGE_DIR } from './support/knowledge.js';
import { policyNote, tempCopy } from './support/tmp.js';
import { waitUntil } from './support/app.js';

const INDEX_WORKER = new URL('../src/index-worker.ts', import.meta.url);
const ANSWER_WORKER = new URL('../src/answer-worker.ts', import.meta.url);
const NOTE = 'policies/xe-dua-don.md';
const QUESTION = 'xe đưa đón công nhân ca đêm';
const V1 = 'Công đoàn cơ sở phối hợp doanh nghiệp bố trí xe đưa đón công nhân làm ca đêm về khu nhà trọ an toàn.';
const V2 = 'Từ tháng sau, xe đưa đón công nhân ca đêm chạy thêm tuyến về khu nhà trọ Kim Chung mỗi tối.';
const NOW = Date.UTC(2026, 11, 3, 8);

let seq = 0;
const inbound = (text: string): StoredInbound => ({ id: ++seq, channel: 'zalo', deliveryKey: `k${seq}`, chatId: 'c', userId: 'u', kind: 'text', text, receivedAt: NOW, state: 'pending' });
const replyText = (d: Decision) => (d.action.type === 'reply' ? d.action.reply.text : '');

describe('answer thread', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  /** A knowledge folder, a builder feeding a real answer thread, and a main-thread snapshot that counts its use. */
  const setup = (opts: { decideDelayMs?: number; timeoutMs?: number } = {}) => {
    const kb = tempCopy(KNOWLEDGE_DIR);
    writeFileSync(path.join(kb.dir, NOTE), policyNote('Xe đưa đón công nhân ca đêm', V1));
    const { stream, logs } = captureLogs();
    let here: Snapshot | undefined;
    let local = 0;
    let restarts = 0;
    const decided = { thread: 0, main: 0 };
    const thread: AnswerThread = createAnswerThread({
      workerUrl: ANSWER_WORKER,
      logger: createLogger({ level: 'info', destination: stream }),
      local: (m, now, o) => {
        local++;
        return decide(here!, m, now, o);
      },
      restartMinMs: 0,
      onRestart: () => restarts++,
      onDecided: (where) => decided[where]++,
      ...opts,
    });
    const builder: SnapshotBuilder = createSnapshotBuilder({ knowledgeDir: kb.dir, maxFileBytes: DEFAULT_KNOWLEDGE_FILE_LIMIT, workerUrl: INDEX_WORKER, answerFeed: thread.feed });
    cleanups.push(kb.cleanup, () => builder.close(), () => thread.close());
    /** One build; the first is not waited for by the main thread, so wait here until the thread has it. */
    const build = async () => {
      here = (await builder.build()).snapshot;
      await waitUntil(() => thread.ready());
      return here;
    };
    const setHere = (s: Snapshot) => (here = s);
    return { kb, thread, build, setHere, logs, decided, local: () => local, restarts: () => restarts };
  };
  const opts: DecideOptions = { state: {}, ttlMs: 60_000 };

  it('answers from each build in the thread, as the main thread would from the same build', async () => {
    const t = setup();
    expect(t.thread.ready()).toBe(false);
    const snap = await t.build();
    expect(t.thread.ready()).toBe(true);
    for (const q of [QUESTION, 'vay vốn không lãi thế nào', 'bạn là ai', 'lương tối thiểu vùng bao nhiêu', '2']) {
      const m = inbound(q);
      expect(await t.thread.decide(m, NOW, opts), q).toEqual(decide(snap, m, NOW, opts));
    }
    expect(t.local()).toBe(0);

    writeFileSync(path.join(t.kb.dir, NOTE), policyNote('Xe đưa đón công nhân ca đêm', V2));
    await t.build();
    expect(replyText(await t.thread.decide(inbound(QUESTION), NOW, opts))).toContain('Kim Chung');
    expect(t.local()).toBe(0);
    expect(t.decided).toEqual({ thread: 6, main: 0 });
  });

  it('answers on the main thread before the thread is fed', async () => {
    const t = setup();
    t.setHere(openSnapshot((await loadSnapshotData({ knowledgeDir: t.kb.dir, maxFileBytes: DEFAULT_KNOWLEDGE_FILE_LIMIT })).data));
    expect(replyText(await t.thread.decide(inbound(QUESTION), NOW, opts))).toContain(V1);
    expect(t.local()).toBe(1);
    await t.build();
    expect(replyText(await t.thread.decide(inbound(QUESTION), NOW, opts))).toContain(V1);
    expect(t.local()).toBe(1);
  });

  it('keeps its snapshot and answers when a build fails', async () => {
    const t = setup();
    await t.build();
    const moved = `${t.kb.dir}-moved`;
    renameSync(t.kb.dir, moved);
    try {
      await expect(t.build()).rejects.toThrow(IndexBuildError);
    } finally {
      renameSync(moved, t.kb.dir);
    }
    expect(t.thread.ready()).toBe(true);
    expect(replyText(await t.thread.decide(inbound(QUESTION), NOW, opts))).toContain(V1);
    expect(t.local()).toBe(0);
  });

  it('answers on the main thread when the thread is stuck, stops it, starts it again and is fed by a reload', async () => {
    const t = setup({ decideDelayMs: 60_000, timeoutMs: 300 });
    await t.build();
    const d = await t.thread.decide(inbound(QUESTION), NOW, opts);
    expect(replyText(d)).toContain(V1);
    expect(t.local()).toBe(1);
    expect(t.decided).toEqual({ thread: 0, main: 1 });
    await waitUntil(() => t.restarts() === 1);
    expect(t.logs.json().some((l) => l.msg === 'the answer thread is stuck; stopping it')).toBe(true);
    expect(t.logs.json().some((l) => l.msg === 'the answer thread ended; answering on the main thread until it is fed again')).toBe(true);
    expect(t.thread.ready()).toBe(false);
    await t.build(); // what the app's onRestart does: a reload feeds the new thread
    expect(t.thread.ready()).toBe(true);
  });
});
