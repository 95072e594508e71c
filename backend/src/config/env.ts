import { z } from 'zod';
import { RoleGrant } from '@uppsikt/shared';
import { passwordProblem } from '../modules/auth/password-policy.js';

/** Every setting the app reads from the environment, validated once at boot. */
const bool = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number({ error: 'must be a port number' }).int('must be a whole number').min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  APP_URL: url(['http:', 'https:']).optional(),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  REDIS_URL: url(['redis:', 'rediss:']),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.{}-]+$/u, 'may hold letters, digits, _ . - { } only').default('uppsikt'),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().min(3).default('Uppsikt <noreply@uppsikt.local>'),
  MUNICIPALITY_NAME: z.string().min(1).default('Umeå kommun'),
  UPPSIKT_DEMO: bool.default(false),
  UPPSIKT_ADMIN_EMAIL: z.email('must be an e-mail address').optional(),
  UPPSIKT_ADMIN_PASSWORD: z.string().optional(),
  REMINDER_HOUR: z.coerce.number().int('must be a whole hour').min(0).max(23).default(8),
  REMINDER_RECONCILE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER_IN_PROCESS: bool.default(false),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(8 * 60),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
  TRUST_PROXY: bool.default(false),
  /** 1 = whoever submitted a report may also approve or return it (small municipalities); default: four eyes. */
  ALLOW_SELF_APPROVAL: bool.default(false),
  FRONTEND_DIST: z.string().optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** Per API process, for serialized hot reads (0: off). */
  READ_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(64),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  NOTIFY_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(2000),
  /** A send attempt older than this with no outcome is presumed lost with its worker. */
  NOTIFY_STALE_CLAIM_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /**
   * Mail jobs one worker process runs at once (keep it at or above SMTP_POOL_CONNECTIONS): a job
   * spends most of its time waiting on PostgreSQL, Redis and the relay, so several per connection
   * keep the connections busy (fan-out bench at load 6: 10 → 22.8 s, 25 → 16.5 s for 3,000 digests).
   */
  NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(25),
  /** Pooled SMTP connections per worker process. */
  SMTP_POOL_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(5),
  /** Single sign-on (OpenID Connect): on when OIDC_ISSUER is set. */
  OIDC_ISSUER: url(['http:', 'https:']).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().trim().min(1).max(60).default('kommunens konto'),
  OIDC_ROLES_CLAIM: z.string().min(1).default('groups'),
  OIDC_ROLE_MAP: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON: {"claim value": [{"role": "editor", "body": "KS"}]}' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string(), z.array(RoleGrant.refine((g) => (g.role === 'editor') === Boolean(g.body), 'an editor needs a body, other roles none'))))
    .optional(),
  OIDC_SCOPES: z.string().default('openid email profile'),
  /** Shown on "Behörighet saknas": whom to ask for access (default: UPPSIKT_ADMIN_EMAIL). */
  OIDC_ACCESS_CONTACT: z.string().trim().min(1).max(200).optional(),
  /** Kolada (key figures): the municipality's id (e.g. 2480, Umeå). Unset: indicators are typed in, nothing is fetched. */
  KOLADA_MUNICIPALITY: z.string().regex(/^\d{4}$/u, 'must be a four-digit municipality id, e.g. 2480').optional(),
  KOLADA_URL: url(['http:', 'https:']).default('https://api.kolada.se/v2'),
  /** How many years back (this year included) each fetch asks for. */
  KOLADA_YEARS: z.coerce.number().int().min(1).max(50).default(10),
  /** The daily fetch (cron, Europe/Stockholm). */
  KOLADA_SCHEDULE: z.string().min(9).max(100).default('0 5 * * *'),
  /** One request's time-out. */
  KOLADA_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** Attempts of a failing fetch (retried with exponential backoff and jitter from KOLADA_BACKOFF_MS). */
  KOLADA_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  KOLADA_BACKOFF_MS: z.coerce.number().int().min(10).max(86_400_000).default(60_000),
  /** Longest request URL; KPI ids are split over as few requests as fit. */
  KOLADA_MAX_URL: z.coerce.number().int().min(200).max(16_000).default(2000),
  /** 0: password login only for UPPSIKT_ADMIN_EMAIL (break-glass); everyone else uses single sign-on. */
  LOCAL_LOGIN: bool.default(true),
}).superRefine((env, ctx) => {
  if (env.OIDC_ISSUER) {
    for (const key of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ROLE_MAP'] as const) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is needed when OIDC_ISSUER is set' });
    }
  }
  if (!env.LOCAL_LOGIN && !env.OIDC_ISSUER) ctx.addIssue({ code: 'custom', path: ['LOCAL_LOGIN'], message: '0 needs single sign-on (OIDC_ISSUER)' });
});

export type Env = z.infer<typeof EnvSchema>;

/** The two kinds of process: the API serves HTTP (and seeds the first admin); the worker runs the jobs. */
export type ProcessRole = 'api' | 'worker';

/**
 * The first admin's password, checked by the process that creates that admin: the API. The worker
 * never reads it, and checking it would load the common-password list into the worker for good.
 */
const ApiEnvSchema = EnvSchema.superRefine((env, ctx) => {
  if (!env.UPPSIKT_ADMIN_PASSWORD) return;
  const problem = passwordProblem(env.UPPSIKT_ADMIN_PASSWORD, env.UPPSIKT_ADMIN_EMAIL);
  if (problem) ctx.addIssue({ code: 'custom', path: ['UPPSIKT_ADMIN_PASSWORD'], message: problem });
});

export class ConfigError extends Error {}

/** Parses the environment; throws one line per bad value. */
export function parseEnv(source: Record<string, string | undefined>, role: ProcessRole = 'api'): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = (role === 'api' ? ApiEnvSchema : EnvSchema).safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => {
      const key = String(i.path[0] ?? '?');
      const value = source[key];
      const shown = value === undefined ? 'is missing' : `=${JSON.stringify(key.includes('PASSWORD') ? '***' : value)}`;
      return `Invalid configuration: ${key}${value === undefined ? ' ' : ''}${shown}: ${i.message}`;
    });
    throw new ConfigError(lines.join('\n'));
  }
  return result.data;
}

/** The injectable configuration. Built once per process from `process.env`. */
export class AppConfig {
  constructor(readonly env: Env) {}

  get appUrl(): string {
    return (this.env.APP_URL ?? `http://localhost:${this.env.PORT}`).replace(/\/$/u, '');
  }

  get isProduction(): boolean {
    return this.env.NODE_ENV === 'production';
  }
}
