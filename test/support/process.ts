import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from './knowledge.js';

export interface BotProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the port once the server logs that it listens. */
  port: Promise<number>;
  exited: Promise<number | null>;
}

/** Starts the bot as `npm start` does (tsx src/main.ts), in a child process with only the given env. */
export function startBotProcess(env: Record<string, string>, cwd = ROOT): BotProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const port = new Promise<number>((resolve, reject) => {
    const onData = (b: Buffer) => {
      out += b.toString('utf8');
      const m = /"port":(\d+)[^\n]*server listening/.exec(out);
      if (m) resolve(Number(m[1]));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`bot exited with ${code} before listening:\n${out}`)));
  });
  port.catch(() => {});
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => out, port, exited };
}
