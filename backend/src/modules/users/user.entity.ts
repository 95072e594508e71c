import { Collection, type Opt } from '@mikro-orm/core';
import { Entity, Index, OneToMany, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../../common/base.entity.js';
import { RoleGrantEntity } from './role-grant.entity.js';

@Entity({ tableName: 'app_user' })
export class UserEntity extends BaseEntity {
  /** Stored lower-case; unique. */
  @Property({ type: 'text' })
  @Unique()
  email: string;

  @Property({ type: 'text' })
  name: string;

  /** argon2id hash; null for users who cannot log in with a password (yet). */
  @Property({ type: 'text', nullable: true, hidden: true, lazy: true })
  passwordHash: string | null = null;

  @Property({ type: 'boolean', default: true })
  active: Opt<boolean> = true;

  /** Users may turn off workflow mail (not deadline reminders). */
  @Property({ type: 'boolean', default: true })
  workflowMail: Opt<boolean> = true;

  /** Secret for the per-user calendar feed. */
  @Property({ type: 'text', hidden: true })
  @Index()
  calendarToken: string;

  /** Single sign-on identity: the provider's issuer and `sub`, joined by a space; null for local users. */
  @Property({ type: 'text', nullable: true })
  @Unique()
  ssoSubject: string | null = null;

  /** When a single sign-on login last replaced the role grants from the provider's claim. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  rolesSyncedAt: Date | null = null;

  @OneToMany(() => RoleGrantEntity, (g) => g.user, { orphanRemoval: true })
  grants = new Collection<RoleGrantEntity>(this);
}
