import { randomUUID } from 'node:crypto';
import { copyFile, link, mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { adminMsg } from '../messages.js';
import { knowledgePath } from '../store/pg-cluster.js';
import { AdminActionError } from './action-error.js';

/** A kept version of a file (history) or a deleted file (trash). */
export interface KeptVersion {
  id: string;
  file: string;
  at: number;
  bytes: number;
}

export interface KnowledgeFiles {
  /** The absolute path of a knowledge file; refuses any name outside `knowledge/` (400). */
  resolve(file: string): string;
  read(file: string): Promise<string | undefined>;
  /** Creates a new file; refuses (409) when it exists. Atomic and exclusive: two creators never both win. */
  create(file: string, text: string): Promise<void>;
  /** Replaces a file, keeping the previous version in the history. */
  replace(file: string, text: string): Promise<void>;
  /** Moves a file to the trash under DATA_DIR; returns the trash id. */
  remove(file: string): Promise<string>;
  history(file: string): Promise<KeptVersion[]>;
  version(file: string, id: string): Promise<string>;
  trash(): Promise<KeptVersion[]>;
  /** The text of a trashed file. */
  trashed(id: string): Promise<string>;
  /** Puts a trashed file back; refuses when a file of that name exists again. Returns its name. */
  restore(id: string): Promise<string>;
  /** Runs `fn` while no other save of the same file runs (saves of one file are serialised). */
  lock<T>(file: string, fn: () => Promise<T>): Promise<T>;
}

const ID = /^\d{13}-[0-9a-f]{8}$/;
const newId = (now: number) => `${String(now).padStart(13, '0')}-${randomUUID().slice(0, 8)}`;

/** File writes of the knowledge folder, with history and trash kept under `dataDir` (the only fs code of the admin). */
export function createKnowledgeFiles(deps: { knowledgeDir: string; dataDir: string; now?: () => number }): KnowledgeFiles {
  const now = deps.now ?? Date.now;
  const historyDir = path.join(deps.dataDir, 'knowledge-history');
  const trashDir = path.join(deps.dataDir, 'knowledge-trash');
  const locks = new Map<string, Promise<unknown>>();

  const resolve = (file: string) => {
    const abs = typeof file === 'string' ? knowledgePath(deps.knowledgeDir, file) : undefined;
    if (!abs) throw new AdminActionError(400, adminMsg.badFileName);
    return abs;
  };
  const exists = (abs: string) => stat(abs).then(() => true, () => false);

  /** A unique temporary file beside `abs` (hidden, so the loader never reads it), created exclusively. */
  const writeTemp = async (abs: string, text: string) => {
    await mkdir(path.dirname(abs), { recursive: true });
    const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}.${randomUUID()}.tmp`);
    await writeFile(tmp, text, { flag: 'wx' });
    return tmp;
  };

  const keep = async (file: string, abs: string) => {
    const dir = path.join(historyDir, ...file.split('/'));
    await mkdir(dir, { recursive: true });
    await copyFile(abs, path.join(dir, `${newId(now())}.md`));
  };

  const listKept = async (root: string, nameOf: (rel: string) => { id: string; file: string } | undefined): Promise<KeptVersion[]> => {
    const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
    const out: KeptVersion[] = [];
    for (const e of entries) {
      if (!e.isFile()) continue;
      const rel = path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/');
      const named = nameOf(rel);
      if (!named) continue;
      const s = await stat(path.join(e.parentPath, e.name));
      out.push({ ...named, at: Number(named.id.slice(0, 13)), bytes: s.size });
    }
    return out.sort((a, b) => b.id.localeCompare(a.id));
  };

  return {
    resolve,
    async read(file) {
      return readFile(resolve(file), 'utf8').catch(() => undefined);
    },
    async create(file, text) {
      const abs = resolve(file);
      const tmp = await writeTemp(abs, text);
      try {
        // link() fails with EEXIST when the name is taken: creation is exclusive, and the file appears whole.
        await link(tmp, abs);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new AdminActionError(409, adminMsg.fileExists(file), { cause: err });
        throw err;
      } finally {
        await unlink(tmp).catch(() => {});
      }
    },
    async replace(file, text) {
      const abs = resolve(file);
      const tmp = await writeTemp(abs, text);
      try {
        if (await exists(abs)) await keep(file, abs);
        await rename(tmp, abs);
      } catch (err) {
        await unlink(tmp).catch(() => {});
        throw err;
      }
    },
    async remove(file) {
      const abs = resolve(file);
      if (!(await exists(abs))) throw new AdminActionError(404, adminMsg.noSuchFile(file));
      const id = newId(now());
      const dest = path.join(trashDir, id, ...file.split('/'));
      await mkdir(path.dirname(dest), { recursive: true });
      await rename(abs, dest).catch(async (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EXDEV') throw err;
        await copyFile(abs, dest);
        await rm(abs);
      });
      return id;
    },
    async history(file) {
      resolve(file);
      const dir = path.join(historyDir, ...file.split('/'));
      return listKept(dir, (rel) => {
        const id = rel.replace(/\.md$/, '');
        return ID.test(id) ? { id, file } : undefined;
      });
    },
    async version(file, id) {
      resolve(file);
      if (!ID.test(id)) throw new AdminActionError(400, adminMsg.badVersion);
      const text = await readFile(path.join(historyDir, ...file.split('/'), `${id}.md`), 'utf8').catch(() => undefined);
      if (text === undefined) throw new AdminActionError(404, adminMsg.badVersion);
      return text;
    },
    async trash() {
      return listKept(trashDir, (rel) => {
        const [id = '', ...rest] = rel.split('/');
        const file = rest.join('/');
        return ID.test(id) && knowledgePath(deps.knowledgeDir, file) ? { id, file } : undefined;
      });
    },
    async trashed(id) {
      if (!ID.test(id)) throw new AdminActionError(400, adminMsg.badVersion);
      const entry = (await this.trash()).find((t) => t.id === id);
      if (!entry) throw new AdminActionError(404, adminMsg.badVersion);
      return readFile(path.join(trashDir, id, ...entry.file.split('/')), 'utf8');
    },
    async restore(id) {
      const text = await this.trashed(id);
      const entry = (await this.trash()).find((t) => t.id === id)!;
      await this.create(entry.file, text);
      await rm(path.join(trashDir, id), { recursive: true, force: true });
      return entry.file;
    },
    lock(file, fn) {
      const previous = locks.get(file) ?? Promise.resolve();
      const run = previous.then(fn, fn);
      const tail = run.catch(() => {});
      locks.set(file, tail);
      void tail.then(() => {
        if (locks.get(file) === tail) locks.delete(file);
      });
      return run;
    },
  };
}
