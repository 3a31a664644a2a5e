import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from './support/knowledge.js';
import { policyNote, tempDir, writeTree } from './support/tmp.js';

/** Runs the real CLI as a child process, as the eval scorer does. */
function cli(args: string[], input?: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('congdoan ask --json', () => {
  it('prints one JSON object per stdin line, in order, and nothing else', () => {
    const questions = ['6 tháng đầu năm 2024 Quỹ Trợ vốn giải ngân bao nhiêu tiền?', '', 'vay~vốn^2', 'Giá cà phê hôm nay?', '<script>alert(1)</script>'];
    const r = cli(['ask', '--json'], `${questions.join('\n')}\n`);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(questions.length);
    lines.forEach((line, i) => {
      const obj = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(obj).sort()).toEqual(['confidence', 'question', 'sources', 'status', 'text']);
      expect(obj.question).toBe(questions[i]);
      expect(['answer', 'suggest', 'decline']).toContain(obj.status);
      expect(typeof obj.text).toBe('string');
      expect(typeof obj.confidence).toBe('number');
      for (const s of obj.sources as Record<string, unknown>[]) expect(Object.keys(s).sort()).toEqual(['date', 'file', 'title']);
    });
    const first = JSON.parse(lines[0]!) as { status: string; sources: { file: string }[] };
    expect(first.status).toBe('answer');
    expect(first.sources[0]?.file).toMatch(/\.md$/);
  });

  it('answers a question given as arguments, as plain text', () => {
    const r = cli(['ask', 'khám', 'sức', 'khỏe', 'miễn', 'phí']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Nguồn: /);
  });
});

describe('congdoan check', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('passes on the project knowledge', () => {
    const r = cli(['check']);
    expect(r.stdout).toMatch(/^Tốt: \d+ tệp/m);
    expect(r.code).toBe(0);
  });

  it('lists every bad file with file:line and exits 1', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    writeTree(t.dir, {
      'policies/good.md': policyNote('Tốt', 'Nội dung đủ dài để thành một đoạn văn có nghĩa về quyền lợi của đoàn viên công đoàn.'),
      'policies/bad-date.md': policyNote('Ngày sai', 'Nội dung.').replace('2024-06', '2024-13'),
      'faq/no-front.md': 'Chỉ có nội dung.',
    });
    const r = cli(['check', t.dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^policies\/bad-date\.md:3: trường "date"/m);
    expect(r.stdout).toMatch(/^faq\/no-front\.md:1: /m);
    expect(r.stdout).not.toMatch(/good\.md/);
  });

  it('names a file over KNOWLEDGE_FILE_MAX_KB as a problem and still checks the others', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const body = 'Nội dung đủ dài để thành một đoạn văn có nghĩa về quyền lợi của đoàn viên công đoàn.';
    writeTree(t.dir, { 'policies/good.md': policyNote('Tốt', body), 'policies/big.md': policyNote('Lớn', `${body}\n\n`.repeat(40)) });
    const r = cli(['check', t.dir], undefined, { KNOWLEDGE_FILE_MAX_KB: '2' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^policies\/big\.md:\d+: tệp quá lớn: \d+ byte, giới hạn 2000 byte/m);
    expect(r.stdout).not.toMatch(/good\.md/);
    // The default limit reads both.
    expect(cli(['check', t.dir]).code).toBe(0);
  });

  it('refuses a bad KNOWLEDGE_FILE_MAX_KB with the config message', () => {
    const r = cli(['check'], undefined, { KNOWLEDGE_FILE_MAX_KB: 'lots' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/KNOWLEDGE_FILE_MAX_KB/);
  });
});
