import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_CONVERSATION_TTL_MS } from './conversation/state.js';
import { DEFAULT_KNOWLEDGE_FILE_MAX_KB } from './knowledge/load.js';
import { ConfigError } from './errors.js';
import { invalidProxyEntries, parseTrustedProxies, type TrustedProxies } from './http/client-address.js';

/** Empty strings in the environment count as unset. */
const opt = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const url = z.url({ protocol: /^https?$/ });
/** A whole number written in plain decimal digits (no spaces, signs, hex, exponents or fractions), within bounds. */
const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number written in digits')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
/** TRUST_PROXY: comma-separated IP addresses of reverse proxies, and/or `loopback`. */
const trustProxy = z.string().superRefine((value, ctx) => {
  const bad = invalidProxyEntries(value);
  if (bad.length) ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of proxy IP addresses or "loopback"; not an IP address: ${bad.join(', ')}` });
  else if (!value.split(',').some((s) => s.trim())) ctx.addIssue({ code: 'custom', message: 'must name at least one proxy IP address or "loopback"' });
});
/** A DNS host name (RFC 1123 labels); an all-digit last label is not one (`999.1.1.1` is a bad address, not a name). */
const HOST_NAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** True for an IP address (v4 or v6) or a host name such as `localhost`. */
export function isHostAddress(host: string): boolean {
  if (isIP(host) !== 0) return true;
  return HOST_NAME.test(host) && !/^\d+$/.test(host.split('.').pop() ?? '');
}
const host = z.string().refine(isHostAddress, 'must be an IP address (0.0.0.0, 127.0.0.1, ::) or a host name such as localhost');

/** Why a PostgreSQL URL cannot be used, or undefined when it can (the message never repeats the URL). */
export function databaseUrlProblem(value: string): string | undefined {
  if (!/^postgres(ql)?:\/\//.test(value)) return 'must start with postgres://';
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return 'is not a valid URL (check the host and that special characters in the user or password are %-encoded)';
  }
  if (!parsed.hostname) return 'must name a host: postgres://user:password@host:5432/db';
  try {
    decodeURIComponent(parsed.username);
    decodeURIComponent(parsed.password);
  } catch {
    return 'has a bad %-encoding in the user or password (write % as %25)';
  }
  return undefined;
}
const databaseUrl = z.string().superRefine((v, ctx) => {
  const problem = databaseUrlProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const secret = z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16-256 characters of A-Z a-z 0-9 _ -');

/** Default of SHUTDOWN_TIMEOUT_SECONDS (the systemd unit's TimeoutStopSec in the README is above it). */
export const DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 10;

/** KNOWLEDGE_FILE_MAX_KB: up to 100 MB. */
const knowledgeFileMaxKb = opt(wholeNumber(1, 100_000));

const envSchema = z
  .object({
    PORT: opt(wholeNumber(0, 65535)),
    HOST: opt(host),
    DATA_DIR: opt(z.string()),
    KNOWLEDGE_DIR: opt(z.string()),
    KNOWLEDGE_FILE_MAX_KB: knowledgeFileMaxKb,
    LOG_LEVEL: opt(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
    PUBLIC_URL: opt(url),
    TELEGRAM_BOT_TOKEN: opt(z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, 'must look like 123456:ABC-DEF…')),
    TELEGRAM_API_ROOT: opt(url),
    TELEGRAM_WEBHOOK_SECRET: opt(secret),
    ZALO_BOT_TOKEN: opt(z.string().min(8)),
    ZALO_API_ROOT: opt(url),
    ZALO_WEBHOOK_SECRET: opt(secret),
    ADMIN_TOKEN: opt(z.string().min(16, 'must be at least 16 characters')),
    ADMIN_TELEGRAM_IDS: opt(z.string().regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'must be a comma-separated list of numeric ids')),
    METRICS_PORT: opt(z.coerce.number().int().min(0).max(65535)),
    METRICS_HOST: opt(host),
    TIMEZONE: opt(z.string().refine((tz) => { try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; } }, 'must be an IANA time zone such as Asia/Ho_Chi_Minh')),
    DATABASE_URL: opt(databaseUrl),
    CONVERSATION_TTL_MINUTES: opt(z.coerce.number().int().min(1).max(7 * 24 * 60)),
    SEND_DEADLINE_HOURS: opt(wholeNumber(1, 24 * 30)),
    TRUST_PROXY: opt(trustProxy),
    SHUTDOWN_TIMEOUT_SECONDS: opt(wholeNumber(1, 3600)),
  })
  .superRefine((env, ctx) => {
    if (env.PUBLIC_URL && env.TELEGRAM_BOT_TOKEN && !env.TELEGRAM_WEBHOOK_SECRET)
      ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_SECRET'], message: 'required when PUBLIC_URL and TELEGRAM_BOT_TOKEN are set' });
    if (env.PUBLIC_URL && env.ZALO_BOT_TOKEN && !env.ZALO_WEBHOOK_SECRET)
      ctx.addIssue({ code: 'custom', path: ['ZALO_WEBHOOK_SECRET'], message: 'required when PUBLIC_URL and ZALO_BOT_TOKEN are set' });
  });

export interface TelegramConfig {
  token: string;
  apiRoot: string;
  webhookSecret?: string | undefined;
}
export interface ZaloConfig {
  token: string;
  apiRoot: string;
  webhookSecret?: string | undefined;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  knowledgeDir: string;
  /** The largest knowledge file read (bytes); a bigger one is a problem named on the admin page and by `congdoan check`. */
  knowledgeFileMaxBytes: number;
  logLevel: string;
  /** Set: webhook mode; unset: polling. */
  publicUrl?: string | undefined;
  telegram?: TelegramConfig | undefined;
  zalo?: ZaloConfig | undefined;
  adminToken?: string | undefined;
  adminTelegramIds: number[];
  databaseUrl?: string | undefined;
  /** Set: Prometheus metrics on this port (`/metrics`), bound to `metricsHost` (loopback unless told). */
  metricsPort?: number | undefined;
  metricsHost: string;
  /** How long choices, the last answer and the last question's terms stay fresh in a chat (ms). */
  conversationTtlMs: number;
  /** How long a reply is kept trying before it is given up and shown to admins. */
  sendDeadlineMs: number;
  /** The union's time zone for times shown to admins (IANA name). */
  timeZone: string;
  /** Reverse proxies whose X-Forwarded-For names the client (sign-in limiter); none unless TRUST_PROXY is set. */
  trustProxy: TrustedProxies;
  /** Longest a stop on SIGTERM/SIGINT may take (finishing in-flight work, ms); past it the process exits 1. */
  shutdownTimeoutMs: number;
}

/** Parses the environment once (pure); throws ConfigError listing every problem. */
export function parseConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const r = envSchema.safeParse(env);
  if (!r.success) throw new ConfigError(`Invalid configuration:\n${z.prettifyError(r.error)}`);
  const e = r.data;
  return {
    port: e.PORT ?? 3000,
    host: e.HOST ?? '0.0.0.0',
    dataDir: path.resolve(cwd, e.DATA_DIR ?? 'data'),
    knowledgeDir: path.resolve(cwd, e.KNOWLEDGE_DIR ?? 'knowledge'),
    knowledgeFileMaxBytes: (e.KNOWLEDGE_FILE_MAX_KB ?? DEFAULT_KNOWLEDGE_FILE_MAX_KB) * 1000,
    logLevel: e.LOG_LEVEL ?? 'info',
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    telegram: e.TELEGRAM_BOT_TOKEN
      ? { token: e.TELEGRAM_BOT_TOKEN, apiRoot: e.TELEGRAM_API_ROOT ?? 'https://api.telegram.org', webhookSecret: e.TELEGRAM_WEBHOOK_SECRET }
      : undefined,
    zalo: e.ZALO_BOT_TOKEN
      ? { token: e.ZALO_BOT_TOKEN, apiRoot: e.ZALO_API_ROOT ?? 'https://bot-api.zaloplatforms.com', webhookSecret: e.ZALO_WEBHOOK_SECRET }
      : undefined,
    adminToken: e.ADMIN_TOKEN,
    adminTelegramIds: (e.ADMIN_TELEGRAM_IDS ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number),
    databaseUrl: e.DATABASE_URL,
    metricsPort: e.METRICS_PORT,
    metricsHost: e.METRICS_HOST ?? '127.0.0.1',
    conversationTtlMs: e.CONVERSATION_TTL_MINUTES ? e.CONVERSATION_TTL_MINUTES * 60_000 : DEFAULT_CONVERSATION_TTL_MS,
    sendDeadlineMs: (e.SEND_DEADLINE_HOURS ?? 24) * 3_600_000,
    timeZone: e.TIMEZONE ?? 'Asia/Ho_Chi_Minh',
    trustProxy: parseTrustedProxies(e.TRUST_PROXY),
    shutdownTimeoutMs: (e.SHUTDOWN_TIMEOUT_SECONDS ?? DEFAULT_SHUTDOWN_TIMEOUT_SECONDS) * 1000,
  };
}

const knowledgeSchema = z.object({ KNOWLEDGE_FILE_MAX_KB: knowledgeFileMaxKb });

/** The settings the `congdoan` CLI reads (the rest of the environment is not its business); throws ConfigError. */
export function parseKnowledgeSettings(env: Record<string, string | undefined>): { knowledgeFileMaxBytes: number } {
  const r = knowledgeSchema.safeParse(env);
  if (!r.success) throw new ConfigError(`Invalid configuration:\n${z.prettifyError(r.error)}`);
  return { knowledgeFileMaxBytes: (r.data.KNOWLEDGE_FILE_MAX_KB ?? DEFAULT_KNOWLEDGE_FILE_MAX_KB) * 1000 };
}
