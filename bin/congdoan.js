#!/usr/bin/env node
// Runs the CLI from any working directory: the TypeScript source through tsx when it is installed (a
// development checkout), the compiled dist/cli.js otherwise (a production install, `npm ci --omit=dev`).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ensureDist } from './dist.js';

const require = createRequire(import.meta.url);
let tsx;
try {
  tsx = require.resolve('tsx/cli');
} catch {
  tsx = undefined;
}
const args = tsx
  ? [tsx, fileURLToPath(new URL('../src/cli.ts', import.meta.url))]
  : ['--enable-source-maps', await ensureDist('cli')];
const r = spawnSync(process.execPath, [...args, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
