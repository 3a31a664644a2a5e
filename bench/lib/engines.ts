/**
 * The three retrieval engines compared by the benchmark, over the same passages, each answering with the
 * same rule: (a) ours: `buildIndex` + `answerQuestion`; (b) plain Lunr with `lunr.vi` from lunr-languages
 * as shipped; (c) MiniSearch with our folding. A baseline answers with the text of its top passage when it
 * returns any hit and declines when it returns none.
 */
import { createRequire } from 'node:module';
import MiniSearch from 'minisearch';
import type lunrType from 'lunr';
import { answerQuestion } from '../../src/answer/answer.js';
import type { KnowledgeBase } from '../../src/knowledge/base.js';
import type { KnowledgeDoc } from '../../src/knowledge/types.js';
import { fold } from '../../src/search/fold.js';
import { buildIndex } from '../../src/search/index.js';
import type { EngineReply } from './devset.js';

export type EngineName = 'ours' | 'lunr-vi' | 'minisearch';
export const ENGINES: EngineName[] = ['ours', 'lunr-vi', 'minisearch'];

export const ENGINE_LABELS: Record<EngineName, string> = {
  ours: '(a) ours: Lunr + our Vietnamese pipeline',
  'lunr-vi': '(b) Lunr + lunr.vi (as shipped)',
  minisearch: '(c) MiniSearch + our folding',
};

export interface BuiltEngine {
  answer(question: string): EngineReply;
  /** Extra counters (Lunr query parse errors…). */
  counters: Record<string, number>;
}

interface Row {
  ref: string;
  title: string;
  text: string;
}

const rowsOf = (docs: readonly KnowledgeDoc[]): Row[] => docs.flatMap((d) => d.passages.map((p) => ({ ref: p.ref, title: d.title, text: p.text })));

function buildOurs(docs: readonly KnowledgeDoc[], kb: KnowledgeBase): BuiltEngine {
  const snap = { kb: { ...kb, docs: [...docs] }, index: buildIndex(docs) };
  const now = Date.now();
  return {
    counters: {},
    answer(q) {
      const r = answerQuestion(snap, q, { now });
      return { status: r.status, text: r.text };
    },
  };
}

/** What a developer would first try: lunr-languages' Vietnamese plugin, title and text fields, `idx.search(q)`. */
function buildLunrVi(docs: readonly KnowledgeDoc[]): BuiltEngine {
  const require = createRequire(import.meta.url);
  const lunr = require('lunr') as typeof lunrType & { vi: lunrType.Builder.Plugin };
  (require('lunr-languages/lunr.stemmer.support') as (l: unknown) => void)(lunr);
  (require('lunr-languages/lunr.vi') as (l: unknown) => void)(lunr);
  const rows = rowsOf(docs);
  const text = new Map(rows.map((r) => [r.ref, r.text]));
  const idx = lunr(function () {
    this.use(lunr.vi);
    this.ref('ref');
    this.field('title');
    this.field('text');
    for (const r of rows) this.add(r);
  });
  const counters = { queryParseErrors: 0 };
  return {
    counters,
    answer(q) {
      let hits: lunrType.Index.Result[];
      try {
        hits = idx.search(q);
      } catch (err) {
        if (err instanceof lunr.QueryParseError) counters.queryParseErrors++;
        return { status: 'error', text: '' };
      }
      const top = hits[0];
      return top ? { status: 'answer', text: text.get(top.ref) ?? '' } : { status: 'decline', text: '' };
    },
  };
}

/** MiniSearch with default options except our folding for index and search terms. */
function buildMiniSearch(docs: readonly KnowledgeDoc[]): BuiltEngine {
  const rows = rowsOf(docs);
  const text = new Map(rows.map((r) => [r.ref, r.text]));
  const ms = new MiniSearch<Row>({ idField: 'ref', fields: ['title', 'text'], processTerm: (t) => fold(t) || null });
  ms.addAll(rows);
  return {
    counters: {},
    answer(q) {
      const top = ms.search(q)[0];
      return top ? { status: 'answer', text: text.get(String(top.id)) ?? '' } : { status: 'decline', text: '' };
    },
  };
}

export function buildEngine(name: EngineName, docs: readonly KnowledgeDoc[], kb: KnowledgeBase): BuiltEngine {
  switch (name) {
    case 'ours':
      return buildOurs(docs, kb);
    case 'lunr-vi':
      return buildLunrVi(docs);
    case 'minisearch':
      return buildMiniSearch(docs);
  }
}
