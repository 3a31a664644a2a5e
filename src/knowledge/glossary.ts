import type { KnowledgeProblem } from '../errors.js';
import { validateYaml } from './frontmatter.js';
import { glossarySchema } from './schema.js';
import type { Glossary, KnowledgeFile } from './types.js';

/** The glossary file's name inside the knowledge folder. */
export const GLOSSARY_FILE = 'glossary.yaml';

export const EMPTY_GLOSSARY: Glossary = { abbreviations: [], chat: new Map() };

/** Parses and validates the glossary (pure). */
export function parseGlossary({ file, text }: KnowledgeFile): { ok: true; glossary: Glossary } | { ok: false; problems: KnowledgeProblem[] } {
  const v = validateYaml(file, text.normalize('NFC'), 0, glossarySchema);
  if (!v.ok) return v;
  return {
    ok: true,
    glossary: {
      abbreviations: v.data.abbreviations,
      chat: new Map(v.data.chat.map((c) => [c.term.toLowerCase(), c.means])),
    },
  };
}
