import type { Opt } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { PeriodState, Term } from '@uppsikt/shared';

/** A tertial (T1, T2, T3) of a year; `id` is like "2026-T2". */
@Entity({ tableName: 'period' })
@Unique({ properties: ['year', 'term'] })
export class PeriodEntity {
  @PrimaryKey({ type: 'text' })
  id: string;

  @Property({ type: 'integer' })
  year: number;

  @Property({ type: 'text' })
  term: Term;

  @Property({ type: 'string', columnType: 'date' })
  periodEnd: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  submissionDeadline: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  reviewDeadline: Date | null = null;

  @Property({ type: 'text[]' })
  reminderOffsets: Opt<string[]> = ['P14D', 'P7D', 'P1D'];

  @Property({ type: 'text[]' })
  escalationOffsets: Opt<string[]> = ['P1D', 'P3D'];

  @Property({ type: 'text', default: 'open' })
  state: Opt<PeriodState> = 'open';

  @Property({ type: 'boolean', default: false })
  published: Opt<boolean> = false;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  closedAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  publishedAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();

  @Property({ version: true, type: 'integer' })
  version!: Opt<number>;
}
