/**
 * Synthetic knowledge scaled ×N from the real passages: copy k (k ≥ 1) of every document gets a new id
 * (`<id>-x<k>`, passages `<id>-x<k>#n`) and the same text, so the index grows N-fold while every question
 * keeps the same right answer. Two forms: documents in memory (retrieval bench) and files on disk (start-up bench).
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { KnowledgeDoc } from '../../src/knowledge/types.js';

/** The documents ×`factor`; copy 0 is the original. */
export function scaleDocs(docs: readonly KnowledgeDoc[], factor: number): KnowledgeDoc[] {
  const out: KnowledgeDoc[] = [...docs];
  for (let k = 1; k < factor; k++) {
    for (const d of docs) {
      const id = `${d.id}-x${k}`;
      out.push({
        ...d,
        id,
        file: `${id}.md`,
        passages: d.passages.map((p) => ({ ...p, ref: `${id}#${p.n}`, docId: id })),
      });
    }
  }
  return out;
}

/** Adds ` (bản sao k)` to the frontmatter title, so the copy passes the duplicate-title check. */
function retitle(text: string, k: number): string {
  return text.replace(/^title:\s*(["']?)(.*?)\1\s*$/m, (_m, _q: string, title: string) => `title: "${title.replace(/"/g, '\\"')} (bản sao ${k})"`);
}

/** Writes the knowledge folder `src` ×`factor` into `dest` (glossary once, every `.md` file `factor` times). */
export function writeScaledKnowledge(src: string, dest: string, factor: number): { files: number } {
  let files = 0;
  const walk = (rel: string) => {
    const abs = path.join(src, rel);
    for (const name of readdirSync(abs)) {
      if (name.startsWith('.')) continue;
      const childRel = path.join(rel, name);
      if (statSync(path.join(src, childRel)).isDirectory()) {
        mkdirSync(path.join(dest, childRel), { recursive: true });
        walk(childRel);
        continue;
      }
      const text = readFileSync(path.join(src, childRel), 'utf8');
      mkdirSync(path.join(dest, rel), { recursive: true });
      writeFileSync(path.join(dest, childRel), text);
      files++;
      if (!name.endsWith('.md') || rel === '') continue;
      for (let k = 1; k < factor; k++) {
        writeFileSync(path.join(dest, rel, name.replace(/\.md$/, `-x${k}.md`)), retitle(text, k));
        files++;
      }
    }
  };
  mkdirSync(dest, { recursive: true });
  walk('');
  return { files };
}
