import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { AppConfig } from '../../config/env.js';

/**
 * Owns the Redis connections. Every key the app writes lives under REDIS_PREFIX.
 * Commands fail fast while Redis is down (no offline queue), so HTTP requests never hang on it.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisService.name);
  private readonly connections: Redis[] = [];
  readonly client: Redis;

  constructor(private readonly config: AppConfig) {
    this.client = this.connect('client', { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  }

  get prefix(): string {
    return this.config.env.REDIS_PREFIX;
  }

  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  /** A new connection for BullMQ (which needs maxRetriesPerRequest: null). */
  connect(name: string, extra: RedisOptions = {}): Redis {
    const conn = new Redis(this.config.env.REDIS_URL, {
      connectionName: `uppsikt-${name}`,
      lazyConnect: false,
      retryStrategy: (times) => Math.min(times * 200, 5_000),
      ...extra,
    });
    let warned = false;
    conn.on('error', (err) => {
      if (!warned) this.logger.warn(`Redis (${name}): ${err.message}`);
      warned = true;
    });
    conn.on('ready', () => {
      if (warned) this.logger.log(`Redis (${name}) is back`);
      warned = false;
    });
    this.connections.push(conn);
    return conn;
  }

  async ping(timeoutMs = 1000): Promise<void> {
    await Promise.race([
      this.client.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
  }
}
