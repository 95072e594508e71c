import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { RoleGrant, UserCreate, UserListItem, UserPatch } from '@uppsikt/shared';
import type { z } from 'zod';
import { Clock } from '../../common/clock.js';
import { badRequest, conflict, notFound, staleVersion } from '../../common/errors.js';
import { UUID_RE } from '../../common/ids.js';
import type { Principal } from '../../common/principal.js';
import { AuditService, created, diff } from '../audit/audit.service.js';
import { CredentialsRepository } from '../auth/credentials.repository.js';
import { checkPassword, hashPassword } from '../auth/passwords.js';
import { newSecret } from '../auth/tokens.js';
import { BodyEntity } from '../bodies/body.entity.js';
import { RoleGrantEntity } from './role-grant.entity.js';
import { UserEntity } from './user.entity.js';

export function userView(u: UserEntity): UserListItem {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    roles: u.grants.getItems().map((g) => (g.body ? { role: g.role, body: g.body.code } : { role: g.role })),
    active: u.active,
    workflowMail: u.workflowMail,
    createdAt: u.createdAt.toISOString(),
    version: u.version,
    sso: u.ssoSubject !== null,
    rolesSyncedAt: u.rolesSyncedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class UsersService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly credentials: CredentialsRepository,
    private readonly clock: Clock,
  ) {}

  async list(page: number, pageSize: number): Promise<{ items: UserListItem[]; total: number }> {
    const [rows, total] = await this.em.findAndCount(UserEntity, {}, { populate: ['grants'], orderBy: { email: 'asc' }, limit: pageSize, offset: (page - 1) * pageSize });
    return { items: rows.map(userView), total };
  }

  /**
   * Creates a user with roles; used by the API, the first-admin bootstrap and the demo seed. The
   * password rule applies unless `trustedPassword` (only the demo loader's shared demo password).
   */
  async create(
    actor: Pick<Principal, 'id' | 'name'> | null,
    input: z.infer<typeof UserCreate>,
    em: EntityManager = this.em,
    opts: { trustedPassword?: boolean } = {},
  ): Promise<UserListItem> {
    const email = input.email.trim().toLowerCase();
    if (input.password && !opts.trustedPassword) checkPassword(input.password, email, 'password');
    return em.transactional(async (tx) => {
      if (await tx.findOne(UserEntity, { email })) throw conflict(`Det finns redan en användare med e-postadressen ${email}`);
      const user = tx.create(UserEntity, {
        email,
        name: input.name,
        passwordHash: input.password ? await hashPassword(input.password) : null,
        calendarToken: newSecret(),
      });
      await this.setGrants(tx, user, input.roles);
      tx.persist(user);
      this.audit.record(tx, actor, { action: 'user.created', entity: 'user', entityId: user.id, changes: created({ email, name: input.name, roles: input.roles }) });
      await tx.flush();
      return userView(user);
    });
  }

  async patch(actor: Principal, id: string, input: z.infer<typeof UserPatch>): Promise<UserListItem> {
    if (!UUID_RE.test(id)) throw notFound('Användaren');
    return this.em.transactional(async (tx) => {
      const user = await tx.findOne(UserEntity, { id }, { populate: ['grants'] });
      if (!user) throw notFound('Användaren');
      if (input.version !== undefined && input.version !== user.version) throw staleVersion();
      if (input.password) checkPassword(input.password, user.email, 'password');
      const before = userView(user);
      if (input.name !== undefined) user.name = input.name;
      if (input.active !== undefined) user.active = input.active;
      if (input.workflowMail !== undefined) user.workflowMail = input.workflowMail;
      if (input.password) user.passwordHash = await hashPassword(input.password);
      if (input.roles) await this.setGrants(tx, user, input.roles);
      // A reset password or a deactivated account ends every session; API tokens are revoked one by one.
      if (input.active === false || input.password) await this.credentials.endSessions(tx, user.id);
      user.updatedAt = new Date(); // bump version even when only grants changed
      const after = userView(user);
      this.audit.record(tx, actor, { action: 'user.updated', entity: 'user', entityId: user.id, changes: { ...diff(before, after), ...(input.password ? { password: { before: '***', after: '***' } } : {}) } });
      await tx.flush();
      return userView(user);
    });
  }

  /**
   * A single sign-on login: finds the user by the provider's subject (else links the account with
   * the same e-mail address; else creates one) and replaces the role grants with those mapped from
   * the provider's claim, audited with before and after. Answers null when no role is mapped (or the
   * account is deactivated): then there is no session. Grants naming an unknown body are skipped.
   */
  async syncSsoUser(identity: { subject: string; email: string; name: string }, grants: RoleGrant[]): Promise<{ id: string } | null> {
    const codes = [...new Set(grants.flatMap((g) => (g.body ? [g.body] : [])))];
    const known = new Set(codes.length ? (await this.em.find(BodyEntity, { code: { $in: codes } })).map((b) => b.code) : []);
    const usable = grants.filter((g) => !g.body || known.has(g.body));
    return this.em.transactional(async (tx) => {
      let user: UserEntity | null =
        (await tx.findOne(UserEntity, { ssoSubject: identity.subject }, { populate: ['grants'] })) ??
        (await tx.findOne(UserEntity, { email: identity.email, ssoSubject: null }, { populate: ['grants'] }));
      if (!user && !usable.length) return null;
      const now = this.clock.now();
      const actor = (u: UserEntity) => ({ id: u.id, name: identity.name });
      if (!user) {
        user = tx.create(UserEntity, { email: identity.email, name: identity.name, passwordHash: null, calendarToken: newSecret(), ssoSubject: identity.subject });
        tx.persist(user);
        this.audit.record(tx, actor(user), { action: 'user.created', entity: 'user', entityId: user.id, changes: created({ email: identity.email, name: identity.name, sso: true }) });
      }
      if (!user.active) return null;
      const before = userView(user);
      user.ssoSubject = identity.subject;
      user.name = identity.name;
      if (user.email !== identity.email && !(await tx.findOne(UserEntity, { email: identity.email }))) user.email = identity.email;
      user.rolesSyncedAt = now;
      await this.setGrants(tx, user, usable);
      user.updatedAt = now;
      this.audit.record(tx, actor(user), { action: 'user.roles_synced', entity: 'user', entityId: user.id, changes: diff(before, userView(user)) });
      await tx.flush();
      return usable.length ? { id: user.id } : null;
    });
  }

  private async setGrants(em: EntityManager, user: UserEntity, roles: RoleGrant[]): Promise<void> {
    const problems = roles.flatMap((g, i) => {
      if (g.role === 'editor' && !g.body) return [{ path: `roles.${i}.body`, message: 'En handläggare måste kopplas till en nämnd' }];
      if (g.role !== 'editor' && g.body) return [{ path: `roles.${i}.body`, message: 'Bara handläggare kopplas till en nämnd' }];
      return [];
    });
    if (problems.length) throw badRequest('Ogiltiga roller', problems);
    const codes = [...new Set(roles.flatMap((g) => (g.body ? [g.body] : [])))];
    const bodies = codes.length ? await em.find(BodyEntity, { code: { $in: codes } }) : [];
    const missing = codes.filter((c) => !bodies.some((b) => b.code === c));
    if (missing.length) throw badRequest('Okänd nämnd', missing.map((c) => ({ path: 'roles', message: `Nämnden ${c} finns inte` })));
    // Keep the grants that stay (re-inserting one would collide with its own not yet deleted row).
    const unique = new Map(roles.map((g) => [`${g.role}|${g.body ?? ''}`, g]));
    for (const held of user.grants.getItems()) {
      const key = `${held.role}|${held.body?.code ?? ''}`;
      if (unique.has(key)) unique.delete(key);
      else user.grants.remove(held);
    }
    for (const g of unique.values()) {
      user.grants.add(em.create(RoleGrantEntity, { user, role: g.role, body: g.body ? bodies.find((b) => b.code === g.body)! : null }));
    }
  }
}
