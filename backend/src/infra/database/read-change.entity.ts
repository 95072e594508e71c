import type { Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * One committed change to a read-cache scope (see Migration20261123140000 and `ChangeTokens`).
 * Written only by row triggers on case, report, contribution, audit_event, body and period that
 * the migration creates and no entity declares: a `migration:create` diff that proposes dropping
 * them must be edited.
 */
@Entity({ tableName: 'read_change' })
@Index({ name: 'read_change_scope_index', properties: ['scope'], include: ['n'] })
export class ReadChangeEntity {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: Opt<string>;

  @Property({ type: 'text' })
  scope!: string;

  @Property({ type: 'bigint', default: 1 })
  n!: Opt<string>;
}
