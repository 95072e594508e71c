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
    return (await this.run(text, values)).rows as T[];
  }

  /** A statement run for its effect; the number of rows it touched. */
  async execute(text: string, values: unknown[] = []): Promise<number> {
    return (await this.run(text, values)).rowCount ?? 0;
  }

  private async run(text: string, values: unknown[]) {
    this.pool ??= await (this.em.getConnection() as PostgreSqlConnection).getNativeClient();
    return this.pool.query({ name: statementName(text), text, values });
  }

  /** `select count(*)` over a `from … where …` clause. */
  async count(from: string, values: unknown[], prefix = ''): Promise<number> {
    const [{ n }] = await this.query<{ n: string }>(`${prefix}select count(*) as n ${from}`, values);
    return Number(n);
  }
}

/**
 * SQL for the total beside a page selected into a CTE named `page`: the page's own size when it
 * is the first page and not full, else a count over `from` (PostgreSQL evaluates only the CASE
 * branch it needs, so a short first page costs no count).
 */
export function pageTotalSql(from: string, limit: string, offset: string): string {
  return `case when ${offset} = 0 and (select count(*) from page) < ${limit} then (select count(*) from page) else (select count(*) ${from}) end`;
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
