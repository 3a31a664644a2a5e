import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A temporary folder, removed by `cleanup`. */
export function tempDir(prefix = 'congdoan-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes files (relative path → content) under `dir`, creating folders. */
export function writeTree(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

/** A valid policy note with the given title and body. */
export function policyNote(title: string, body: string, extra = ''): string {
  return `---\ntitle: "${title}"\ndate: "2024-06"\nsource: "LĐLĐ thành phố Hà Nội"\ntopics: [vay-von]\nbased_on: [articles/a.md]\n${extra}---\n${body}\n`;
}

/** A temporary copy of a folder (for tests that write knowledge files). */
export function tempCopy(src: string, prefix = 'congdoan-kb-'): { dir: string; cleanup(): void } {
  const t = tempDir(prefix);
  cpSync(src, t.dir, { recursive: true });
  return t;
}
