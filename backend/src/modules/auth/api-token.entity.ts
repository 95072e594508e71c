import type { Rel, Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { uuidv7 } from '../../common/ids.js';
import { UserEntity } from '../users/user.entity.js';

/** A personal API token (Bearer). Only its SHA-256 is stored. */
@Entity({ tableName: 'api_token' })
export class ApiTokenEntity {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = uuidv7();

  @ManyToOne(() => UserEntity, { deleteRule: 'cascade' })
  @Index()
  user: Rel<UserEntity>;

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text' })
  @Unique()
  tokenHash: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  lastUsedAt: Date | null = null;
}
