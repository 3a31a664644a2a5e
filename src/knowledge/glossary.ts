import type { KnowledgeProblem } from '../errors.js';
import { validateYaml } from './frontmatter.js';
import { foldWord } from '../search/fold.js';
import { tokenize } from '../search/tokenize.js';
import { glossarySchema, type GlossaryData } from './schema.js';
import type { Glossary, KnowledgeFile, ThesaurusGroup, ThesaurusTerm } from './types.js';

/** The glossary file's name inside the knowledge folder. */
export const GLOSSARY_FILE = 'glossary.yaml';

export const EMPTY_GLOSSARY: Glossary = { abbreviations: [], chat: new Map(), thesaurus: [], thesaurusStarts: new Map(), domain: [] };

/** Default boost of a thesaurus expansion (below the question's own words, above nothing). */
export const THESAURUS_WEIGHT = 0.6;

const termOf = (phrase: string): ThesaurusTerm => {
  const tokens = tokenize(phrase);
  return { tokens, folded: tokens.map(foldWord) };
};

/** Compiles validated thesaurus groups into plain data with a lookup by the folded first token. */
export function compileThesaurus(groups: GlossaryData['thesaurus']): Pick<Glossary, 'thesaurus' | 'thesaurusStarts'> {
  const thesaurus: ThesaurusGroup[] = groups.map((g) => ({
    terms: g.terms.map(termOf).filter((t) => t.tokens.length > 0),
    weight: g.weight ?? THESAURUS_WEIGHT,
    ...(g.topic ? { topic: g.topic } : {}),
  }));
  const thesaurusStarts = new Map<string, [number, number][]>();
  thesaurus.forEach((g, gi) =>
    g.terms.forEach((t, ti) => {
      const first = t.folded[0]!;
      let list = thesaurusStarts.get(first);
      if (!list) thesaurusStarts.set(first, (list = []));
      list.push([gi, ti]);
    }),
  );
  return { thesaurus, thesaurusStarts };
}

/** Parses and validates the glossary (pure). */
export function parseGlossary({ file, text }: KnowledgeFile): { ok: true; glossary: Glossary } | { ok: false; problems: KnowledgeProblem[] } {
  const v = validateYaml(file, text.normalize('NFC'), 0, glossarySchema);
  if (!v.ok) return v;
  return {
    ok: true,
    glossary: {
      abbreviations: v.data.abbreviations,
      chat: new Map(v.data.chat.map((c) => [c.term.toLowerCase(), c.means])),
      ...compileThesaurus(v.data.thesaurus),
      domain: v.data.domain.map((d) => termOf(d).folded).filter((d) => d.length > 0),
    },
  };
}
