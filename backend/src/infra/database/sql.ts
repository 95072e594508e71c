import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { EntityManager, type PostgreSqlConnection } from '@mikro-orm/postgresql';
import { CompiledQuery, type Transaction } from 'kysely';
import pg, { type Pool, type PoolConfig } from 'pg';

/** Connections of the lookup pool: one per `BatchedLookup` (the sessions, the change tokens), each running one batch at a time. */
export const LOOKUP_CONNECTIONS = 2;

/**
 * The one way repositories send SQL text to PostgreSQL, always with `$1` placeholders (arrays bind
 * as PostgreSQL arrays). Outside a transaction a statement runs as a named prepared statement on
 * the ORM's own pool, so PostgreSQL plans it once per connection (the hot reads: every request's
 * session, lists, the case page). Given the `EntityManager` of a transaction (`em.transactional`),
 * it runs on that transaction's connection and sees, and commits or rolls back with, its writes.
 */
@Injectable()
export class Sql implements OnModuleDestroy {
  private pool: Pool | null = null;
  private lookupPool: Promise<Pool> | null = null;
  private readonly logger = new Logger(Sql.name);

  constructor(private readonly em: EntityManager) {}

  /**
   * The rows of a statement every request waits on (its session, the read cache's change token),
   * run on connections of its own. On the ORM's pool it queued behind the write transactions: ten
   * editors saving at once hold all ten connections, and every cached read waited for one.
   */
  async lookup<T>(text: string, values: readonly unknown[]): Promise<T[]> {
    this.lookupPool ??= this.nativePool().then((orm) => {
      const pool = new pg.Pool(lookupPoolConfig(orm));
      // An idle connection the server dropped: the pool discards it; unheard, the event would end the process.
      pool.on('error', (e) => this.logger.warn(`PostgreSQL lookup connection error: ${e.message}`));
      return pool;
    });
    const res = await (await this.lookupPool).query({ name: statementName(text), text, values: [...values] });
    return res.rows as T[];
  }

  async onModuleDestroy(): Promise<void> {
    const lookups = this.lookupPool;
    this.lookupPool = null;
    await (await lookups)?.end();
  }

  /** The rows of a statement. */
  async query<T>(text: string, values: readonly unknown[] = [], tx?: EntityManager): Promise<T[]> {
    return (await this.run(text, values, tx)).rows as T[];
  }

  /** A statement run for its effect; the number of rows it touched. */
  async execute(text: string, values: readonly unknown[] = [], tx?: EntityManager): Promise<number> {
    return (await this.run(text, values, tx)).rowCount;
  }

  /** `select count(*)` over a `from … where …` clause. */
  async count(from: string, values: readonly unknown[], prefix = ''): Promise<number> {
    const [{ n }] = await this.query<{ n: string }>(`${prefix}select count(*) as n ${from}`, values);
    return Number(n);
  }

  /** Whether PostgreSQL answers (health checks). */
  async ping(): Promise<void> {
    await this.query('select 1');
  }

  private async run(text: string, values: readonly unknown[], tx?: EntityManager): Promise<{ rows: unknown[]; rowCount: number }> {
    const trx = tx?.getTransactionContext<Transaction<unknown>>();
    if (trx) {
      const res = await trx.executeQuery(CompiledQuery.raw(text, [...values]));
      return { rows: res.rows, rowCount: Number(res.numAffectedRows ?? res.rows.length) };
    }
    this.pool ??= await this.nativePool();
    const res = await this.pool.query({ name: statementName(text), text, values: [...values] });
    return { rows: res.rows, rowCount: res.rowCount ?? 0 };
  }

  private nativePool(): Promise<Pool> {
    return (this.em.getConnection() as PostgreSqlConnection).getNativeClient() as Promise<Pool>;
  }
}

/**
 * The ORM pool's own settings (address, password, type parsers) on `LOOKUP_CONNECTIONS` connections.
 * pg-pool keeps the password as a hidden property of its options, so a spread alone drops it (and
 * a server that asks for one, as the embedded PostgreSQL does, refuses the login).
 */
export function lookupPoolConfig(orm: Pool): PoolConfig {
  const options = (orm as Pool & { options: PoolConfig }).options;
  return { ...options, password: options.password, min: 0, max: LOOKUP_CONNECTIONS };
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
