import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';

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
  constructor(private readonly em: EntityManager) {}

  async tokensOf(userId: string): Promise<TokenRow[]> {
    return this.em
      .getConnection()
      .execute<TokenRow[]>('select id, user_id, name, created_at, last_used_at from api_token where user_id = ? order by created_at desc, id desc', [userId]);
  }

  async token(id: string): Promise<TokenRow | null> {
    const rows = await this.em.getConnection().execute<TokenRow[]>('select id, user_id, name, created_at, last_used_at from api_token where id = ?', [id]);
    return rows[0] ?? null;
  }

  async deleteToken(tx: EntityManager, id: string): Promise<boolean> {
    const res = await tx.getConnection().execute<{ affectedRows?: number }>('delete from api_token where id = ?', [id], 'run', tx.getTransactionContext());
    return Number((res as { affectedRows?: number }).affectedRows ?? 0) > 0;
  }

  /** Ends a user's sessions, all or all but one (the caller's own). */
  async endSessions(tx: EntityManager, userId: string, except?: string): Promise<void> {
    await tx
      .getConnection()
      .execute('delete from session where user_id = ? and id <> ?', [userId, except ?? ''], 'run', tx.getTransactionContext());
  }

  async passwordHash(userId: string): Promise<string | null> {
    const rows = await this.em.getConnection().execute<Array<{ password_hash: string | null }>>('select password_hash from app_user where id = ?', [userId]);
    return rows[0]?.password_hash ?? null;
  }

  async setPasswordHash(tx: EntityManager, userId: string, hash: string): Promise<void> {
    await tx
      .getConnection()
      .execute('update app_user set password_hash = ?, updated_at = now(), version = version + 1 where id = ?', [hash, userId], 'run', tx.getTransactionContext());
  }
}
