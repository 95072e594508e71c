import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, type PostgreSqlConnection } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';

/**
 * Hot read paths (every request's session, lists, the case page) as named prepared statements on
 * the ORM's own connection pool: PostgreSQL plans each statement once per connection instead of
 * on every request. Statements use `$1` placeholders; arrays bind as PostgreSQL arrays.
 */
@Injectable()
export class ReadDb {
  private pool: Pool | null = null;

  constructor(private readonly em: EntityManager) {}

  async query<T>(text: string, values: unknown[] = []): Promise<T[]> {
    this.pool ??= await (this.em.getConnection() as PostgreSqlConnection).getNativeClient();
    const res = await this.pool.query({ name: statementName(text), text, values });
    return res.rows as T[];
  }
}

const names = new Map<string, string>();

/** A statement's name is a hash of its text, so the same SQL is prepared once per connection. */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `u_${createHash('sha1').update(text).digest('base64url').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/** Collects bound values and hands out their `$n` placeholders. */
export class Params {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
