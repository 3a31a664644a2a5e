import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type TransferListItem } from 'node:worker_threads';

/**
 * Starts a worker thread on `url`. A `.ts` entry (development, tests) runs through tsx's loader, registered
 * inside the worker; a `.js` one (the compiled build) runs as it is.
 */
export function spawnWorker(url: URL, workerData: unknown, transferList: readonly TransferListItem[] = []): Worker {
  const options = { workerData, transferList: [...transferList] };
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const tsx = pathToFileURL(path.join(path.dirname(pkg), 'dist/esm/api/index.mjs')).href;
  const boot = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(url.href)});`;
  return new Worker(boot, { ...options, eval: true });
}

/** The URL of a worker entry next to `base` (`name.ts` when running TypeScript, `name.js` when compiled). */
export const workerEntry = (name: string, base: string) => new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
