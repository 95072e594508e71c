import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { AppConfig } from '../../config/env.js';
import { Clock } from '../../common/clock.js';
import { isAdmin, toPrincipal, type Principal } from '../../common/principal.js';
import type { ApiToken } from '@uppsikt/shared';
import { badRequest, forbidden, notFound, unauthorized } from '../../common/errors.js';
import { UUID_RE } from '../../common/ids.js';
import { isoOrNull } from '../../common/iso.js';
import { AuditService, created } from '../audit/audit.service.js';
import { CredentialsRepository } from './credentials.repository.js';
import { UserEntity } from '../users/user.entity.js';
import { ApiTokenEntity } from './api-token.entity.js';
import { checkPassword, hashPassword, verifyPassword } from './passwords.js';
import { PrincipalRepository } from './principal.repository.js';
import { SessionEntity } from './session.entity.js';
import { newSecret, sha256 } from './tokens.js';

/** Only refresh a session's last-seen time this often, to keep writes off the hot path. */
const TOUCH_EVERY_MS = 60_000;

@Injectable()
export class AuthService {
  constructor(
    private readonly em: EntityManager,
    private readonly principals: PrincipalRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly credentials: CredentialsRepository,
  ) {}

  /** Checks credentials; the same 401 for an unknown user and a wrong password. */
  async login(email: string, password: string, userAgent: string | undefined): Promise<{ secret: string; principal: Principal }> {
    const address = email.trim().toLowerCase();
    // LOCAL_LOGIN=0: passwords only for the break-glass admin; everyone else signs in with SSO.
    const allowed = this.config.env.LOCAL_LOGIN || address === this.config.env.UPPSIKT_ADMIN_EMAIL?.toLowerCase();
    const user = allowed ? await this.em.findOne(UserEntity, { email: address, active: true }, { populate: ['passwordHash'] }) : null;
    const ok = await verifyPassword(user?.passwordHash, password);
    if (!user || !ok) throw unauthorized('Fel e-postadress eller lösenord');
    const secret = await this.openSession(user.id, userAgent);
    const row = await this.principals.byId(user.id);
    return { secret, principal: toPrincipal(row!, row!.grants ?? [], 'session', sha256(secret)) };
  }

  /** Starts a session for a user (password or single sign-on); answers the cookie's secret. */
  async openSession(userId: string, userAgent: string | undefined, idToken: string | null = null): Promise<string> {
    const secret = newSecret();
    const now = this.clock.now();
    const em = this.em.fork();
    em.create(SessionEntity, { id: sha256(secret), user: em.getReference(UserEntity, userId), createdAt: now, lastSeenAt: now, userAgent: userAgent?.slice(0, 300) ?? null, idToken });
    await em.flush();
    return secret;
  }

  /** Ends the session; answers the provider's ID token when it was a single sign-on session (for RP-initiated logout). */
  async logout(secret: string | undefined): Promise<string | null> {
    if (!secret) return null;
    return this.credentials.endSession(sha256(secret));
  }

  async fromSession(secret: string): Promise<Principal | null> {
    const now = this.clock.now();
    const idleSince = new Date(now.getTime() - this.config.env.SESSION_IDLE_MINUTES * 60_000);
    const id = sha256(secret);
    const row = await this.principals.bySession(id, idleSince);
    if (!row) return null;
    if (now.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_EVERY_MS) await this.principals.touchSession(id, now);
    return toPrincipal(row, row.grants ?? [], 'session', id);
  }

  async fromToken(token: string): Promise<Principal | null> {
    const row = await this.principals.byToken(sha256(token));
    return row ? toPrincipal(row, row.grants ?? [], 'token') : null;
  }

  async createToken(principal: Principal, name: string): Promise<{ token: string; name: string; id: string }> {
    const token = newSecret('upk_');
    const id = await this.em.transactional(async (tx) => {
      const entity = tx.create(ApiTokenEntity, { user: tx.getReference(UserEntity, principal.id), name, tokenHash: sha256(token) });
      this.audit.record(tx, principal, { action: 'token.created', entity: 'user', entityId: principal.id, changes: created({ token: entity.id, name }) });
      await tx.flush();
      return entity.id;
    });
    return { token, name, id };
  }

  /** The caller's tokens, or (admins only) another user's. */
  async listTokens(principal: Principal, userId: string | undefined): Promise<ApiToken[]> {
    const owner = userId ?? principal.id;
    if (owner !== principal.id && !isAdmin(principal)) throw forbidden('Bara administratörer ser andras API-nycklar');
    const rows = await this.credentials.tokensOf(owner);
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: isoOrNull(r.created_at)!, lastUsedAt: isoOrNull(r.last_used_at) }));
  }

  /** Revokes a token at once: the next request with it is 401. Someone else's token is "not found" unless the caller is an admin. */
  async revokeToken(principal: Principal, id: string): Promise<void> {
    const row = UUID_RE.test(id) ? await this.credentials.token(id) : null;
    if (!row || (row.user_id !== principal.id && !isAdmin(principal))) throw notFound('API-nyckeln');
    await this.em.transactional(async (tx) => {
      if (!(await this.credentials.deleteToken(tx, id))) throw notFound('API-nyckeln');
      this.audit.record(tx, principal, { action: 'token.revoked', entity: 'user', entityId: row.user_id, changes: { token: { before: id, after: null }, name: { before: row.name, after: null } } });
      await tx.flush();
    });
  }

  /** Changes the caller's own password after checking the current one; ends every other session of the user. */
  async changePassword(principal: Principal, currentPassword: string, newPassword: string): Promise<void> {
    const hash = await this.credentials.passwordHash(principal.id);
    if (!hash) throw badRequest('Ditt konto har inget lösenord i Uppsikt: du loggar in via kommunens inloggning.', [{ path: 'currentPassword', message: 'Kontot har inget lösenord' }]);
    if (!(await verifyPassword(hash, currentPassword))) {
      throw badRequest('Det nuvarande lösenordet stämmer inte.', [{ path: 'currentPassword', message: 'Det nuvarande lösenordet stämmer inte.' }]);
    }
    checkPassword(newPassword, principal.email, 'newPassword');
    const newHash = await hashPassword(newPassword);
    await this.em.transactional(async (tx) => {
      await this.credentials.setPasswordHash(tx, principal.id, newHash);
      await this.credentials.endSessions(tx, principal.id, principal.via === 'session' ? principal.sessionId : undefined);
      this.audit.record(tx, principal, { action: 'user.password_changed', entity: 'user', entityId: principal.id, changes: { password: { before: '***', after: '***' } } });
      await tx.flush();
    });
  }

  /** Removes sessions idle for longer than the limit (run by the maintenance job). */
  async purgeExpiredSessions(): Promise<number> {
    return this.principals.deleteIdleSessions(new Date(this.clock.now().getTime() - this.config.env.SESSION_IDLE_MINUTES * 60_000));
  }
}

