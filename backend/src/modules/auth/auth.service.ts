import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { AppConfig } from '../../config/env.js';
import { Clock } from '../../common/clock.js';
import { toPrincipal, type Principal } from '../../common/principal.js';
import { unauthorized } from '../../common/errors.js';
import { UserEntity } from '../users/user.entity.js';
import { ApiTokenEntity } from './api-token.entity.js';
import { verifyPassword } from './passwords.js';
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
  ) {}

  /** Checks credentials; the same 401 for an unknown user and a wrong password. */
  async login(email: string, password: string, userAgent: string | undefined): Promise<{ secret: string; principal: Principal }> {
    const user = await this.em.findOne(UserEntity, { email: email.trim().toLowerCase(), active: true }, { populate: ['passwordHash'] });
    const ok = await verifyPassword(user?.passwordHash, password);
    if (!user || !ok) throw unauthorized('Fel e-postadress eller lösenord');
    const secret = newSecret();
    const now = this.clock.now();
    this.em.create(SessionEntity, { id: sha256(secret), user, createdAt: now, lastSeenAt: now, userAgent: userAgent?.slice(0, 300) ?? null });
    await this.em.flush();
    const row = await this.principals.byId(user.id);
    return { secret, principal: toPrincipal(row!, row!.grants ?? [], 'session', sha256(secret)) };
  }

  async logout(secret: string | undefined): Promise<void> {
    if (!secret) return;
    await this.em.getConnection().execute('delete from session where id = ?', [sha256(secret)]);
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
    const entity = this.em.create(ApiTokenEntity, { user: this.em.getReference(UserEntity, principal.id), name, tokenHash: sha256(token) });
    await this.em.flush();
    return { token, name, id: entity.id };
  }

  /** Removes sessions idle for longer than the limit (run by the maintenance job). */
  async purgeExpiredSessions(em: EntityManager): Promise<number> {
    const idleSince = new Date(this.clock.now().getTime() - this.config.env.SESSION_IDLE_MINUTES * 60_000);
    const res = await em.getConnection().execute<{ affectedRows?: number }>('delete from session where last_seen_at <= ?', [idleSince], 'run');
    return Number((res as { affectedRows?: number }).affectedRows ?? 0);
  }
}
