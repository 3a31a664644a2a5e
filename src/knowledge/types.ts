import type { DocKind, TopicId } from './schema.js';

/** One knowledge file, validated. */
export interface KnowledgeDoc {
  /** Path relative to the knowledge folder without `.md`, e.g. `policies/quy-tro-von`. */
  id: string;
  file: string;
  kind: DocKind;
  title: string;
  date: string;
  dateEstimated: boolean;
  source: string;
  topics: TopicId[];
  /** Question variants (FAQ notes). */
  questions: string[];
  passages: Passage[];
}

/** The unit we index and quote: a paragraph or a few sentences, with its document's title. */
export interface Passage {
  /** `docId#n`. */
  ref: string;
  docId: string;
  n: number;
  heading: string;
  text: string;
}

export interface GlossaryEntry {
  term: string;
  means: string[];
}

/** One thesaurus term: its lowercase NFC tokens and their folded forms. */
export interface ThesaurusTerm {
  tokens: string[];
  folded: string[];
}

/** Words and phrases that mean the same thing in the union's field (plain data: survives structured clone). */
export interface ThesaurusGroup {
  terms: ThesaurusTerm[];
  /** Boost of the expansion (0..1]: a term found in a question adds the group's other terms with this weight. */
  weight: number;
  topic?: TopicId;
}

export interface Glossary {
  abbreviations: GlossaryEntry[];
  /** Chat spellings: lowercase term (as typed) → replacement. */
  chat: Map<string, string>;
  thesaurus: ThesaurusGroup[];
  /** Folded first token → [group, term] of every thesaurus term starting with it (built with the glossary). */
  thesaurusStarts: Map<string, [number, number][]>;
  /** Folded tokens of the domain terms (subjects of the field the knowledge may not cover). */
  domain: string[][];
}

/** Raw file as read from disk. */
export interface KnowledgeFile {
  file: string;
  text: string;
  /** Set by the loader when the bytes were not valid UTF-8 (the text then holds U+FFFD replacements). */
  invalidUtf8?: boolean | undefined;
  /** Set when the file could not be read or is over the size limit (its text is then empty). */
  unreadable?: string | undefined;
}
