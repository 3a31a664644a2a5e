import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/** Replaces every secret in a string by `***` (the last line of defence: tokens are in Zalo URLs). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 6) out = out.split(s).join('***');
  return out;
}

/**
 * Structured logs; every written line is scrubbed of the given secrets. JSON lines, except on a terminal
 * (stdout is a TTY and no destination is given), where pino-pretty prints readable coloured lines.
 */
export function createLogger(opts: { level: string; secrets?: readonly string[]; destination?: pino.DestinationStream; pretty?: boolean }): Logger {
  const secrets = (opts.secrets ?? []).filter((s) => s.length >= 6);
  return pino(
    {
      level: opts.level,
      base: undefined,
      hooks: secrets.length ? { streamWrite: (line) => redactSecrets(line, secrets) } : {},
    },
    opts.destination ??
      ((opts.pretty ?? process.stdout.isTTY === true)
        ? pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', sync: true })
        : pino.destination({ fd: 1, sync: false })),
  );
}
