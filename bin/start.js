#!/usr/bin/env node
// `npm start`: runs the compiled bot (dist/main.js), compiling it first when needed (see dist.js).
import { pathToFileURL } from 'node:url';
import { ensureDist } from './dist.js';

const main = await ensureDist('main');
process.setSourceMapsEnabled(true);
await import(pathToFileURL(main).href);
