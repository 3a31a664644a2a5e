import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { policyNote, tempDir, writeTree } from '../support/tmp.js';

const ADMIN_TOKEN = 'admin-token-0123456789';
const BODY = 'Công đoàn cơ sở hỗ trợ đoàn viên khi ốm đau, thai sản và hoàn cảnh khó khăn theo quy chế của công đoàn.';

describe('KNOWLEDGE_FILE_MAX_KB', () => {
  let app: TestApp | undefined;
  const cleanups: (() => void)[] = [];
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    for (const c of cleanups.splice(0)) c();
  });

  it('a file over the configured limit is a problem named on the admin API; the other files load', async () => {
    const kb = tempDir('congdoan-kb-');
    cleanups.push(kb.cleanup);
    writeTree(kb.dir, { 'policies/small.md': policyNote('Hỗ trợ ốm đau', BODY), 'policies/big.md': policyNote('Rất dài', `${BODY}\n\n`.repeat(40)) });
    app = await startTestApp({ KNOWLEDGE_DIR: kb.dir, KNOWLEDGE_FILE_MAX_KB: '2', ADMIN_TOKEN });
    const res = await fetch(`${app.url}/admin/api/knowledge`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    const rows = (await res.json()) as { file: string; status: string; problems: { message: string }[] }[];
    expect(rows.find((r) => r.file === 'policies/small.md')).toMatchObject({ status: 'good' });
    const big = rows.find((r) => r.file === 'policies/big.md');
    expect(big).toMatchObject({ status: 'problem' });
    expect(big?.problems[0]?.message).toMatch(/tệp quá lớn: \d+ byte, giới hạn 2000 byte/);
  });
});
