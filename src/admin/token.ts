import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const ADMIN_TOKEN_FILE = 'admin-token';

/** The admin token: the configured one, else the one kept in DATA_DIR, else a new one written there (mode 600). */
export async function ensureAdminToken(dataDir: string, configured?: string): Promise<{ token: string; file?: string; generated: boolean }> {
  if (configured) return { token: configured, generated: false };
  const file = path.join(dataDir, ADMIN_TOKEN_FILE);
  const existing = await readFile(file, 'utf8').then((s) => s.trim(), () => '');
  if (existing.length >= 16) return { token: existing, file, generated: false };
  await mkdir(dataDir, { recursive: true });
  const token = randomBytes(24).toString('base64url');
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  return { token, file, generated: true };
}
