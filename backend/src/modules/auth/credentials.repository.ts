import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Sql } from '../../infra/database/sql.js';

export interface TokenRow {
  id: string;
  user_id: string;
  name: string;
  created_at: Date | string;
  last_used_at: Date | string | null;
}

/** The SQL of a user's credentials: API tokens, sessions and the password hash. */
@Injectable()
export class CredentialsRepository {
  constructor(private readonly sql: Sql) {}

  async tokensOf(userId: string): Promise<TokenRow[]> {
    return this.sql.query<TokenRow>('select id, user_id, name, created_at, last_used_at from api_token where user_id = $1 order by created_at desc, id desc', [userId]);
  }

  async token(id: string): Promise<TokenRow | null> {
    const rows = await this.sql.query<TokenRow>('select id, user_id, name, created_at, last_used_at from api_token where id = $1', [id]);
    return rows[0] ?? null;
  }

  async deleteToken(tx: EntityManager, id: string): Promise<boolean> {
    return (await this.sql.execute('delete from api_token where id = $1', [id], tx)) > 0;
  }

  /** Ends a user's sessions, all or all but one (the caller's own). */
  async endSessions(tx: EntityManager, userId: string, except?: string): Promise<void> {
    await this.sql.execute('delete from session where user_id = $1 and id <> $2', [userId, except ?? ''], tx);
  }

  async passwordHash(userId: string): Promise<string | null> {
    const rows = await this.sql.query<{ password_hash: string | null }>('select password_hash from app_user where id = $1', [userId]);
    return rows[0]?.password_hash ?? null;
  }

  async setPasswordHash(tx: EntityManager, userId: string, hash: string): Promise<void> {
    await this.sql.execute('update app_user set password_hash = $1, updated_at = now(), version = version + 1 where id = $2', [hash, userId], tx);
  }
}
