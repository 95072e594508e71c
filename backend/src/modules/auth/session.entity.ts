import type { Rel, Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { UserEntity } from '../users/user.entity.js';

/** A server-side login session. The id is the SHA-256 of the cookie's secret, never the secret itself. */
@Entity({ tableName: 'session' })
export class SessionEntity {
  @PrimaryKey({ type: 'text' })
  id: string;

  @ManyToOne(() => UserEntity, { deleteRule: 'cascade' })
  @Index()
  user: Rel<UserEntity>;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  lastSeenAt: Opt<Date> = new Date();

  @Property({ type: 'text', nullable: true })
  userAgent: string | null = null;

  /** Single sign-on sessions keep the provider's ID token as `id_token_hint` for RP-initiated logout. */
  @Property({ type: 'text', nullable: true, lazy: true })
  idToken: string | null = null;
}
