import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/env.js';
import { RedisService } from '../../infra/redis/redis.service.js';
import { ApiError } from '../../common/errors.js';

/**
 * Fixed-window login limiter shared by every API process (Redis), per client address and per
 * account. If Redis is down the limiter lets logins through rather than locking everyone out.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly windowSeconds = 60;

  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
  ) {}

  /** Single sign-on: the account is not known before the provider answers, so only the address counts. */
  async checkAddress(ip: string): Promise<void> {
    return this.check(ip, null);
  }

  async check(ip: string, email: string | null): Promise<void> {
    const limit = this.config.env.LOGIN_RATE_LIMIT;
    const window = Math.floor(Date.now() / 1000 / this.windowSeconds);
    const keys = [this.redis.key('login', 'ip', ip, String(window)), ...(email === null ? [] : [this.redis.key('login', 'user', email.toLowerCase(), String(window))])];
    let counts: number[];
    try {
      const multi = this.redis.client.multi();
      for (const k of keys) multi.incr(k).expire(k, this.windowSeconds * 2);
      const res = (await multi.exec()) ?? [];
      counts = [Number(res[0]?.[1] ?? 0), Number(res[2]?.[1] ?? 0)];
    } catch {
      return;
    }
    // The per-account limit is looser so one attacker cannot lock a colleague out entirely from another address.
    if (counts[0] > limit || counts[1] > limit * 2) {
      throw new ApiError(429, 'För många inloggningsförsök. Vänta en minut och försök igen.');
    }
  }
}
