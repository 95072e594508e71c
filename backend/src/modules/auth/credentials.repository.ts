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

export interface LoginRow {
  code_verifier: string;
  nonce: string;
  return_to: string | null;
  expires_at: Date | string;
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

  /** Deletes one session; answers its ID token (single sign-on sessions keep one), else null. */
  async endSession(sessionId: string): Promise<string | null> {
    const rows = await this.sql.query<{ id_token: string | null }>('delete from session where id = $1 returning id_token', [sessionId]);
    return rows[0]?.id_token ?? null;
  }

  /** A single sign-on login under way (state, nonce, PKCE verifier). */
  async saveLogin(login: { stateHash: string; codeVerifier: string; nonce: string; returnTo: string | null; createdAt: Date; expiresAt: Date }): Promise<void> {
    await this.sql.execute('insert into oidc_login (state_hash, code_verifier, nonce, return_to, created_at, expires_at) values ($1, $2, $3, $4, $5, $6)', [
      login.stateHash,
      login.codeVerifier,
      login.nonce,
      login.returnTo,
      login.createdAt,
      login.expiresAt,
    ]);
  }

  /** Takes a login under way: deleted as it is read, so a replayed callback finds nothing. */
  async takeLogin(stateHash: string): Promise<LoginRow | null> {
    const rows = await this.sql.query<LoginRow>('delete from oidc_login where state_hash = $1 returning code_verifier, nonce, return_to, expires_at', [stateHash]);
    return rows[0] ?? null;
  }

  /** Forgets logins that were started and never came back. */
  async purgeLogins(before: Date): Promise<number> {
    return this.sql.execute('delete from oidc_login where expires_at <= $1', [before]);
  }

  async passwordHash(userId: string): Promise<string | null> {
    const rows = await this.sql.query<{ password_hash: string | null }>('select password_hash from app_user where id = $1', [userId]);
    return rows[0]?.password_hash ?? null;
  }

  async setPasswordHash(tx: EntityManager, userId: string, hash: string): Promise<void> {
    await this.sql.execute('update app_user set password_hash = $1, updated_at = now(), version = version + 1 where id = $2', [hash, userId], tx);
  }
}
