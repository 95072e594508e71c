import type { Rel, Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Role } from '@uppsikt/shared';
import { uuidv7 } from '../../common/ids.js';
import { BodyEntity } from '../bodies/body.entity.js';
import { UserEntity } from './user.entity.js';

/** A role held by a user; `editor` is always scoped to a body. */
@Entity({ tableName: 'role_grant' })
// NULL bodies would count as distinct in a plain unique constraint.
@Index({ name: 'role_grant_user_role_body_unique', expression: `create unique index "role_grant_user_role_body_unique" on "role_grant" ("user_id", "role", coalesce("body_code", ''))` })
export class RoleGrantEntity {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = uuidv7();

  @ManyToOne(() => UserEntity, { deleteRule: 'cascade' })
  user: Rel<UserEntity>;

  @Property({ type: 'text' })
  role: Role;

  @ManyToOne(() => BodyEntity, { nullable: true, fieldName: 'body_code' })
  body: Rel<BodyEntity> | null = null;
}
