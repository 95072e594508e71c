import { Injectable } from '@nestjs/common';
import { Sql } from '../../infra/database/sql.js';
import type { HealthResponse } from '@uppsikt/shared';
import { MailPort } from '../../infra/mail/mail.port.js';
import { RedisService } from '../../infra/redis/redis.service.js';

type Check = HealthResponse['checks']['database'];

async function probe(fn: () => Promise<unknown>, timeoutMs: number): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'up' };
  } catch (e) {
    return { status: 'down', message: e instanceof Error ? e.message : String(e) };
  } finally {
    clearTimeout(timer);
  }
}

/** Asks each dependency for real; the mail check is cached briefly because SMTP verification opens a connection. */
@Injectable()
export class HealthService {
  private mailCache?: { at: number; check: Check };

  constructor(
    private readonly sql: Sql,
    private readonly redis: RedisService,
    private readonly mail: MailPort,
  ) {}

  async check(): Promise<HealthResponse> {
    const [database, redis, mail] = await Promise.all([
      probe(() => this.sql.ping(), 2000),
      probe(() => this.redis.ping(1000), 1500),
      this.mailCheck(),
    ]);
    const status = [database, redis, mail].every((c) => c.status === 'up') ? 'ok' : 'error';
    return { status, checks: { database, redis, mail } };
  }

  private async mailCheck(): Promise<Check> {
    if (this.mailCache && Date.now() - this.mailCache.at < 10_000) return this.mailCache.check;
    const check = await probe(() => this.mail.verify(), 3000);
    this.mailCache = { at: Date.now(), check: { ...check, message: check.message ?? `driver: ${this.mail.driver}` } };
    return this.mailCache.check;
  }
}
