import { isUtf8 } from 'node:buffer';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { GLOSSARY_FILE } from './glossary.js';
import type { KnowledgeFile } from './types.js';

/** Reads every `.md` file and the glossary under `dir` (the only fs code of the knowledge module). */
export async function readKnowledgeFiles(dir: string): Promise<KnowledgeFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const wanted = entries.filter((e) => e.isFile() && (e.name.endsWith('.md') || e.name === GLOSSARY_FILE));
  const files = await Promise.all(
    wanted.map(async (e) => {
      const abs = path.join(e.parentPath, e.name);
      const file = path.relative(dir, abs).split(path.sep).join('/');
      const buf = await readFile(abs);
      // issue 12: report invalid UTF-8 from the bytes, not from U+FFFD in the text (an answer may hold one).
      return { file, text: new TextDecoder('utf-8').decode(buf), ...(isUtf8(buf) ? {} : { invalidUtf8: true }) };
    }),
  );
  return files.filter((f) => !f.file.split('/').some((part) => part.startsWith('.')) && f.file !== 'README.md');
}
