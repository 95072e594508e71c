import type { Opt } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { BodyKind } from '@uppsikt/shared';

/** A board (nämnd), council board (styrelse), committee, company or office that can own cases. */
@Entity({ tableName: 'body' })
export class BodyEntity {
  @PrimaryKey({ type: 'text' })
  code: string;

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text' })
  kind: BodyKind;

  @Property({ type: 'boolean', default: true })
  active: Opt<boolean> = true;

  @Property({ type: 'text', nullable: true })
  email: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();

  @Property({ version: true, type: 'integer' })
  version!: Opt<number>;
}
