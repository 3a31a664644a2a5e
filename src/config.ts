import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_CONVERSATION_TTL_MS } from './conversation/state.js';
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
const secret = z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16-256 characters of A-Z a-z 0-9 _ -');

const envSchema = z
  .object({
    PORT: opt(wholeNumber(0, 65535)),
    HOST: opt(z.string()),
    DATA_DIR: opt(z.string()),
    KNOWLEDGE_DIR: opt(z.string()),
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
    METRICS_HOST: opt(z.string()),
    TIMEZONE: opt(z.string().refine((tz) => { try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; } }, 'must be an IANA time zone such as Asia/Ho_Chi_Minh')),
    DATABASE_URL: opt(z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres://')),
    CONVERSATION_TTL_MINUTES: opt(z.coerce.number().int().min(1).max(7 * 24 * 60)),
    SEND_DEADLINE_HOURS: opt(wholeNumber(1, 24 * 30)),
    TRUST_PROXY: opt(trustProxy),
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
  };
}
