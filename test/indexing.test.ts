import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { answerQuestion } from '../src/answer/answer.js';
import { openSnapshot } from '../src/answer/snapshot.js';
import { loadSnapshotData } from '../src/indexing/build.js';
import { createSnapshotBuilder } from '../src/indexing/builder.js';
import { cacheFile, INDEX_VERSION } from '../src/indexing/cache.js';
import { DEFAULT_KNOWLEDGE_FILE_LIMIT } from '../src/knowledge/load.js';
import { KNOWLEDGE_DIR } from './support/knowledge.js';
import { policyNote, tempCopy, tempDir } from './support/tmp.js';

const WORKER = new URL('../src/index-worker.ts', import.meta.url);
const maxFileBytes = DEFAULT_KNOWLEDGE_FILE_LIMIT;
const NOTE = 'policies/xe-dua-don.md';
const QUESTION = 'xe đưa đón công nhân ca đêm';
const V1 = 'Công đoàn cơ sở phối hợp doanh nghiệp bố trí xe đưa đón công nhân làm ca đêm về khu nhà trọ an toàn.';
const V2 = 'Từ tháng sau, xe đưa đón công nhân ca đêm chạy thêm tuyến về khu nhà trọ Kim Chung mỗi tối.';

describe('snapshot cache and last good versions', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });
  const setup = () => {
    const kb = tempCopy(KNOWLEDGE_DIR);
    const data = tempDir('congdoan-data-');
    cleanups.push(kb.cleanup, data.cleanup);
    writeFileSync(path.join(kb.dir, NOTE), policyNote('Xe đưa đón công nhân ca đêm', V1));
    const load = (indexVersion?: number) => loadSnapshotData({ maxFileBytes, knowledgeDir: kb.dir, dataDir: data.dir, indexVersion });
    return { kb: kb.dir, data: data.dir, load };
  };
  const answer = (data: Awaited<ReturnType<typeof loadSnapshotData>>['data']) => answerQuestion(openSnapshot(data), QUESTION, { now: Date.now() }).text;

  it('is used when valid, and rebuilt when a file, the glossary or the index version changes', async () => {
    const { kb, load } = setup();
    const first = await load();
    expect(first).toMatchObject({ source: 'built', cache: 'missing' });
    const second = await load();
    expect(second.source).toBe('cache');
    // The cached snapshot answers exactly like the one just built.
    expect(answer(second.data)).toBe(answer(first.data));
    expect(answer(second.data)).toContain(V1);

    writeFileSync(path.join(kb, NOTE), policyNote('Xe đưa đón công nhân ca đêm', V2));
    const edited = await load();
    expect(edited).toMatchObject({ source: 'built', cache: 'stale' });
    expect(answer(edited.data)).toContain('Kim Chung');
    expect((await load()).source).toBe('cache');

    const glossaryFile = path.join(kb, 'glossary.yaml');
    writeFileSync(glossaryFile, readFileSync(glossaryFile, 'utf8').replace('\nchat:\n', '\nchat:\n  - term: xdd\n    means: xe đưa đón\n'));
    const glossary = await load();
    expect(glossary).toMatchObject({ source: 'built', cache: 'stale' });
    expect(glossary.data.kb.glossary.chat.get('xdd')).toBe('xe đưa đón');
    expect((await load()).source).toBe('cache');

    expect(await load(INDEX_VERSION + 1)).toMatchObject({ source: 'built', cache: 'stale' });
  });

  it('ignores a corrupt cache file, rebuilds and rewrites it', async () => {
    const { data, load } = setup();
    await load();
    const file = cacheFile(data);
    const bytes = readFileSync(file);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
    writeFileSync(file, bytes);
    const rebuilt = await load();
    expect(rebuilt).toMatchObject({ source: 'built', cache: 'corrupt' });
    expect(answer(rebuilt.data)).toContain(V1);
    expect((await load()).source).toBe('cache');

    writeFileSync(file, 'not a cache at all');
    expect(await load()).toMatchObject({ source: 'built', cache: 'corrupt' });
    expect((await load()).source).toBe('cache');
  });

  it('keeps the last good version of a file across a restart when the file is broken at start', async () => {
    const { kb, load } = setup();
    await load();
    // The bot stops; the note is broken while it is down; it starts again (a fresh build reads DATA_DIR).
    writeFileSync(path.join(kb, NOTE), '---\ntitle: "Xe đưa đón"\ndate: "hôm nay"\n---\nHỏng.');
    const after = await load();
    expect(after.source).toBe('built');
    expect(after.data.kb.problems.map((p) => p.file)).toContain(NOTE);
    expect(after.data.kb.keptPrevious).toContain(NOTE);
    expect(answer(after.data)).toContain(V1);
  });

  it('without a kept version, a file broken at start is skipped and reported', async () => {
    const { kb, data } = setup();
    writeFileSync(path.join(kb, NOTE), '---\ntitle: "Xe đưa đón"\n---\n');
    const r = await loadSnapshotData({ maxFileBytes, knowledgeDir: kb, dataDir: data });
    expect(r.data.kb.problems.map((p) => p.file)).toContain(NOTE);
    expect(r.data.kb.keptPrevious).toEqual([]);
    expect(r.data.kb.docs.map((d) => d.file)).not.toContain(NOTE);
  });
});

describe('the index worker', () => {
  const cleanups: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it('builds in a worker thread a snapshot that answers like one built here, its typed arrays handed over', async () => {
    const builder = createSnapshotBuilder({ maxFileBytes, knowledgeDir: KNOWLEDGE_DIR, workerUrl: WORKER });
    cleanups.push(() => builder.close());
    const built = await builder.build();
    const here = (await loadSnapshotData({ maxFileBytes, knowledgeDir: KNOWLEDGE_DIR })).data;
    expect(built.source).toBe('built');
    expect(built.snapshot.index.size).toBe(here.kb.docs.reduce((n, d) => n + d.passages.length, 0));
    for (const q of ['vay vốn quỹ trợ vốn', 'khám sức khỏe định kỳ', 'quà Tết công nhân']) {
      expect(answerQuestion(built.snapshot, q, { now: 0 })).toEqual(answerQuestion(openSnapshot(here), q, { now: 0 }));
    }
  });

  it('coalesces requests made while a build runs into one more build', async () => {
    const kb = tempCopy(KNOWLEDGE_DIR);
    cleanups.push(kb.cleanup);
    const builder = createSnapshotBuilder({ maxFileBytes, knowledgeDir: kb.dir, workerUrl: WORKER, delayMs: 300 });
    cleanups.push(() => builder.close());
    const first = builder.build();
    writeFileSync(path.join(kb.dir, NOTE), policyNote('Xe đưa đón công nhân ca đêm', V2));
    const later = Array.from({ length: 10 }, () => builder.build());
    const results = await Promise.all([first, ...later]);
    expect(new Set(results).size).toBe(2);
    // The build that follows the running one sees the change made during it.
    expect(answerQuestion(results[1]!.snapshot, QUESTION, { now: 0 }).text).toContain('Kim Chung');
  });

  it('rejects with a typed error when the folder cannot be read, and builds again afterwards', async () => {
    const builder = createSnapshotBuilder({ maxFileBytes, knowledgeDir: '/nonexistent/knowledge', workerUrl: WORKER });
    cleanups.push(() => builder.close());
    await expect(builder.build()).rejects.toMatchObject({ name: 'IndexBuildError' });
    await expect(builder.build()).rejects.toThrow(/ENOENT/);
  });
});
