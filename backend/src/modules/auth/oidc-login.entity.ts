import type { Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * A single sign-on login under way: what the callback must match. The key is the SHA-256 of the
 * `state` sent to the provider; the callback deletes the row as it reads it (single use) and only
 * accepts it before `expiresAt`.
 */
@Entity({ tableName: 'oidc_login' })
export class OidcLoginEntity {
  @PrimaryKey({ type: 'text' })
  stateHash: string;

  @Property({ type: 'text' })
  codeVerifier: string;

  @Property({ type: 'text' })
  nonce: string;

  /** Where in the app to land after login (a local path). */
  @Property({ type: 'text', nullable: true })
  returnTo: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  @Index()
  expiresAt: Date;
}
