/** The `congdoan` command line: `ask` and `check`. Logs go to stderr; stdout carries only replies. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { answerQuestion, type Snapshot } from './answer/answer.js';
import { buildSnapshot } from './answer/snapshot.js';
import type { Reply } from './answer/types.js';
import { parseKnowledgeSettings } from './config.js';
import { ConfigError } from './errors.js';
import { readKnowledgeFiles } from './knowledge/load.js';
import { checkMsg, importMsg } from './messages.js';
import { importArticle } from './import/article.js';
import { fetchArticle, ImportError } from './import/fetch.js';

const USAGE = `usage:
  congdoan ask [--json] [--dir DIR] [question…]   answer questions (from stdin, one per line, when none given)
  congdoan check [DIR]                           validate knowledge files; exit 1 when any is bad
  congdoan import FILE|URL [--out DIR]           draft a knowledge file from an article (to stdout, or DIR/articles/)`;

/** The default knowledge folder: KNOWLEDGE_DIR, else ./knowledge. */
function defaultDir(): string {
  return path.resolve(process.env.KNOWLEDGE_DIR || 'knowledge');
}

/** The knowledge files under `dir`, each read within KNOWLEDGE_FILE_MAX_KB as the bot reads them. */
const readFiles = (dir: string) => readKnowledgeFiles(dir, parseKnowledgeSettings(process.env).knowledgeFileMaxBytes);

async function loadSnapshot(dir: string): Promise<Snapshot> {
  const snap = buildSnapshot(await readFiles(dir));
  for (const p of snap.kb.problems) process.stderr.write(`${p.file}:${p.line}: ${p.message}\n`);
  return snap;
}

function print(question: string, reply: Reply, json: boolean): void {
  if (json) {
    const { status, text, sources, confidence } = reply;
    process.stdout.write(`${JSON.stringify({ question, status, text, sources, confidence })}\n`);
  } else process.stdout.write(`${reply.text}\n\n`);
}

async function ask(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const dirAt = args.indexOf('--dir');
  const dir = dirAt >= 0 ? path.resolve(args[dirAt + 1] ?? '.') : defaultDir();
  const words = args.filter((a, i) => a !== '--json' && (dirAt < 0 || (i !== dirAt && i !== dirAt + 1)));
  const snap = await loadSnapshot(dir);
  const reply = (q: string) => print(q, answerQuestion(snap, q, { now: Date.now() }), json);
  if (words.length > 0) {
    reply(words.join(' '));
    return 0;
  }
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) reply(line);
  return 0;
}

async function check(args: string[]): Promise<number> {
  const dir = args[0] ? path.resolve(args[0]) : defaultDir();
  let snap: Snapshot;
  try {
    snap = buildSnapshot(await readFiles(dir));
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    process.stderr.write(`${checkMsg.notADir(dir)}: ${(err as Error).message}\n`);
    return 2;
  }
  const { problems, fileCount, docs } = snap.kb;
  for (const p of problems) process.stdout.write(`${p.file}:${p.line}: ${p.message}\n`);
  const bad = new Set(problems.map((p) => p.file)).size;
  const passages = docs.reduce((n, d) => n + d.passages.length, 0);
  process.stdout.write(`${bad ? checkMsg.summaryBad(bad, fileCount) : checkMsg.summaryOk(fileCount, passages)}\n`);
  return bad ? 1 : 0;
}

/** `import FILE|URL [--out DIR]`: prints the draft, or writes it under DIR/articles/ (never over a file) and prints its path. */
async function importCommand(args: string[]): Promise<number> {
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? args[outAt + 1] : undefined;
  const source = args.find((a, i) => outAt < 0 || (i !== outAt && i !== outAt + 1));
  if (!source || (outAt >= 0 && !out)) {
    process.stderr.write(`${importMsg.usage}\n`);
    return 2;
  }
  try {
    const isUrl = /^https?:\/\//i.test(source);
    const content = isUrl
      ? await fetchArticle(source)
      : await readFile(source, 'utf8').catch((err: NodeJS.ErrnoException) => {
          throw new ImportError(importMsg.cannotRead(source, err.code ?? err.message), { cause: err });
        });
    const draft = importArticle(content, { origin: isUrl ? source : path.basename(source), now: Date.now() });
    if (!out) {
      process.stdout.write(draft.markdown);
      return 0;
    }
    const abs = path.join(path.resolve(out), draft.file);
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, draft.markdown, { flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
      throw new ImportError(err.code === 'EEXIST' ? importMsg.exists(abs) : importMsg.cannotRead(abs, err.code ?? err.message), { cause: err });
    });
    process.stdout.write(`${abs}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'ask') return ask(rest);
  if (command === 'check') return check(rest);
  if (command === 'import') return importCommand(rest);
  process.stderr.write(`${USAGE}\n`);
  return command === undefined || command === '--help' ? 0 : 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
