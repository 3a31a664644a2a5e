#!/usr/bin/env node
// Compiles the bot to plain JavaScript in dist/ with esbuild (a production dependency), so that `npm start`
// runs JavaScript and a production install (`npm ci --omit=dev`) needs no TypeScript tooling. Dependencies
// stay external (loaded from node_modules as they are). Types are checked by `npm test` (tsc), not here.
import { build, stop } from 'esbuild';
import { fileURLToPath } from 'node:url';

export const ENTRIES = ['src/main.ts', 'src/index-worker.ts', 'src/answer-worker.ts', 'src/cli.ts'];
const root = fileURLToPath(new URL('..', import.meta.url));

export async function buildDist() {
  await build({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir: 'dist',
    outbase: 'src',
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  // esbuild keeps a service process for further builds; the bot needs none (npm start builds, then runs).
  await stop();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildDist();
