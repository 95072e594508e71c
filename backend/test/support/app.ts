import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MikroORM } from '@mikro-orm/postgresql';
import { EntityManager } from '@mikro-orm/postgresql';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import type { Role } from '@uppsikt/shared';
import { createHttpApp } from '../../src/http-app.js';
import { UsersService } from '../../src/modules/users/users.service.js';
import { BodyEntity } from '../../src/modules/bodies/body.entity.js';
import { createTestDatabase } from './db.js';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const PASSWORD = 'correct horse battery';

export interface Reply {
  status: number;
  body: any;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface Caller {
  cookie?: string;
  token?: string;
  origin?: string;
}

/** One app per test file: its own database (copied from the migrated template) and Redis prefix. */
export class TestApp {
  app!: NestFastifyApplication;
  prefix = `uppsikt_test_${randomBytes(4).toString('hex')}`;
  private dropDb!: () => Promise<void>;
  databaseUrl!: string;

  static async start(env: Record<string, string> = {}): Promise<TestApp> {
    const t = new TestApp();
    const db = await createTestDatabase();
    t.dropDb = db.drop;
    t.databaseUrl = db.url;
    Object.assign(process.env, {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL,
      REDIS_PREFIX: t.prefix,
      LOG_LEVEL: 'silent',
      UPPSIKT_DEMO: '0',
      APP_URL: 'http://localhost:3000',
      FRONTEND_DIST: '/nonexistent',
      LOGIN_RATE_LIMIT: '10000',
      ...env,
    });
    if (!env.SMTP_URL) delete process.env.SMTP_URL;
    try {
      t.app = await createHttpApp({ logger: false });
    } catch (e) {
      await db.drop();
      throw e;
    }
    return t;
  }

  get em(): EntityManager {
    return this.app.get(EntityManager).fork();
  }

  get<T>(token: abstract new (...args: never[]) => T): T {
    return this.app.get(token);
  }

  async request(method: string, url: string, opts: Caller & { body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.cookie) headers.cookie = opts.cookie;
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.origin) headers.origin = opts.origin;
    let payload: string | undefined;
    if (opts.body !== undefined) {
      payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await this.app.inject({ method: method as 'GET', url, headers, payload });
    let body: unknown;
    try {
      body = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      body = res.body;
    }
    return { status: res.statusCode, body, headers: res.headers as Reply['headers'], text: res.body };
  }

  async login(email: string, password = PASSWORD): Promise<Caller> {
    const res = await this.request('POST', '/api/auth/login', { body: { email, password } });
    if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${res.text}`);
    const setCookie = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('uppsikt_session='));
    return { cookie: setCookie!.split(';')[0] };
  }

  async body(code: string, kind: BodyEntity['kind'] = 'nämnd', name = `Nämnd ${code}`): Promise<void> {
    const em = this.em;
    em.create(BodyEntity, { code, name, kind, email: `${code.toLowerCase()}@example.se` });
    await em.flush();
  }

  async user(email: string, roles: Array<{ role: Role; body?: string }>, name = email.split('@')[0]): Promise<string> {
    const u = await this.get(UsersService).create(null, { email, name, password: PASSWORD, roles }, this.em);
    return u.id;
  }

  /** Logs in a new user with the given roles. */
  async as(roles: Array<{ role: Role; body?: string }>): Promise<Caller> {
    const email = `u${randomBytes(4).toString('hex')}@example.se`;
    await this.user(email, roles);
    return this.login(email);
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.dropDb?.();
    const redis = new Redis(REDIS_URL);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.prefix}:*`, 'COUNT', 500);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }

  orm(): MikroORM {
    return this.app.get(MikroORM);
  }
}
