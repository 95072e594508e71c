import type { Opt } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { ScaleValue, Term } from '@uppsikt/shared';

/**
 * A kind of case (assignment, goal, programme priority, or one an admin adds): its scale, what a
 * report of it asks and in which terms it is reported. `case.kind` references `key` (a foreign key
 * Migration20261201144217 creates; the case entity keeps `kind` a plain column). The row trigger
 * `read_change` (same migration, declared by no entity) moves the read-cache scope `kind`.
 */
@Entity({ tableName: 'kind' })
export class KindEntity {
  @PrimaryKey({ type: 'text' })
  key: string;

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text' })
  plural: string;

  @Property({ type: 'json', columnType: 'jsonb' })
  scale: ScaleValue[];

  @Property({ type: 'text[]', defaultRaw: "'{}'" })
  asksForecast: Opt<Term[]> = [];

  @Property({ type: 'boolean', default: false })
  asksTrend: Opt<boolean> = false;

  @Property({ type: 'boolean', default: false })
  asksSummary: Opt<boolean> = false;

  @Property({ type: 'text[]', defaultRaw: "'{T1,T2,T3}'" })
  terms: Opt<Term[]> = ['T1', 'T2', 'T3'];

  @Property({ type: 'boolean', default: true })
  reported: Opt<boolean> = true;

  @Property({ type: 'integer', default: 0 })
  position: Opt<number> = 0;

  @Property({ type: 'boolean', default: false })
  builtIn: Opt<boolean> = false;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();

  @Property({ version: true, type: 'integer' })
  version!: Opt<number>;
}
