import { isUtf8 } from 'node:buffer';
import { readdir, readFile, stat } from 'node:fs/promises';
import { checkMsg } from '../messages.js';
import path from 'node:path';
import { GLOSSARY_FILE } from './glossary.js';
import type { KnowledgeFile } from './types.js';

/** Default of KNOWLEDGE_FILE_MAX_KB: the largest knowledge file read, in kB of 1,000 bytes. */
export const DEFAULT_KNOWLEDGE_FILE_MAX_KB = 1000;
/** The largest knowledge file read (bytes) unless told; a bigger one is a named problem, not a frozen reload. */
export const DEFAULT_KNOWLEDGE_FILE_LIMIT = DEFAULT_KNOWLEDGE_FILE_MAX_KB * 1000;

/** Reads one file on its own: a failed read or an oversized file becomes a problem with its name. */
async function readOne(abs: string, file: string, limit: number): Promise<KnowledgeFile> {
  try {
    const size = (await stat(abs)).size;
    if (size > limit) return { file, text: '', unreadable: checkMsg.tooLarge(size, limit) };
    const buf = await readFile(abs);
    // Invalid UTF-8 is reported from the bytes, not from U+FFFD in the text (an answer may hold one).
    return { file, text: new TextDecoder('utf-8').decode(buf), ...(isUtf8(buf) ? {} : { invalidUtf8: true }) };
  } catch (err) {
    return { file, text: '', unreadable: checkMsg.unreadable((err as NodeJS.ErrnoException).code ?? 'lỗi') };
  }
}

/** Reads every `.md` file and the glossary under `dir` (the only fs code of the knowledge module). */
export async function readKnowledgeFiles(dir: string, limit = DEFAULT_KNOWLEDGE_FILE_LIMIT): Promise<KnowledgeFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  // A symbolic link is read through (an officer may link a note in); a broken one is a named problem.
  const wanted = entries.filter((e) => (e.isFile() || e.isSymbolicLink()) && (e.name.endsWith('.md') || e.name === GLOSSARY_FILE));
  const files = await Promise.all(
    wanted.map(async (e) => {
      const abs = path.join(e.parentPath, e.name);
      const file = path.relative(dir, abs).split(path.sep).join('/');
      return readOne(abs, file, limit);
    }),
  );
  return files.filter((f) => !f.file.split('/').some((part) => part.startsWith('.')) && f.file !== 'README.md');
}
