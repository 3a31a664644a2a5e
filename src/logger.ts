import pino, { type Logger } from 'pino';

export type { Logger };

/** Replaces every secret in a string by `***` (the last line of defence: tokens are in Zalo URLs). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 6) out = out.split(s).join('***');
  return out;
}

/** Structured JSON logs; every written line is scrubbed of the given secrets. */
export function createLogger(opts: { level: string; secrets?: readonly string[]; destination?: pino.DestinationStream }): Logger {
  const secrets = (opts.secrets ?? []).filter((s) => s.length >= 6);
  return pino(
    {
      level: opts.level,
      base: undefined,
      hooks: secrets.length ? { streamWrite: (line) => redactSecrets(line, secrets) } : {},
    },
    opts.destination ?? pino.destination({ fd: 1, sync: false }),
  );
}
