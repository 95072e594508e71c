import { Collection, type Rel, type Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, OneToMany, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { ReportState } from '@uppsikt/shared';
import { BaseEntity } from '../../common/base.entity.js';
import { BodyEntity } from '../bodies/body.entity.js';
import { CaseEntity } from '../cases/case.entity.js';
import { PeriodEntity } from '../periods/period.entity.js';
import { UserEntity } from '../users/user.entity.js';
import { ContributionEntity } from './contribution.entity.js';

/** A case's status report for one period, written by the lead body. */
@Entity({ tableName: 'report' })
@Unique({ properties: ['case', 'period'] })
@Index({ properties: ['period', 'body', 'state'] })
@Index({ name: 'report_search_idx', expression: 'create index "report_search_idx" on "report" using gin ("search")' })
export class ReportEntity extends BaseEntity {
  @ManyToOne(() => CaseEntity, { deleteRule: 'cascade' })
  case: Rel<CaseEntity>;

  @ManyToOne(() => PeriodEntity)
  period: Rel<PeriodEntity>;

  @ManyToOne(() => BodyEntity, { fieldName: 'body_code' })
  body: Rel<BodyEntity>;

  @Property({ type: 'text', default: 'not_started' })
  state: Opt<ReportState> = 'not_started';

  @Property({ type: 'text', nullable: true })
  status: string | null = null;

  /** One line beside the comment, for kinds that ask it (`asksSummary`). */
  @Property({ type: 'text', nullable: true })
  summary: string | null = null;

  @Property({ type: 'text', nullable: true })
  comment: string | null = null;

  @Property({ type: 'text', nullable: true })
  forecast: string | null = null;

  @Property({ type: 'text', nullable: true })
  trend: string | null = null;

  @Property({ type: 'text', nullable: true })
  returnComment: string | null = null;

  /** When the report was last returned (or reopened); kept until it is submitted again. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  returnedAt: Date | null = null;

  /** Who returned it, by name as then (the board sees it beside the comment). */
  @Property({ type: 'text', nullable: true })
  returnedByName: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  submittedAt: Date | null = null;

  @ManyToOne(() => UserEntity, { nullable: true, deleteRule: 'set null' })
  submittedBy: Rel<UserEntity> | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  approvedAt: Date | null = null;

  @ManyToOne(() => UserEntity, { nullable: true, deleteRule: 'set null' })
  approvedBy: Rel<UserEntity> | null = null;

  @OneToMany(() => ContributionEntity, (c) => c.report)
  contributions = new Collection<ContributionEntity>(this);

  @Property({
    type: 'unknown',
    columnType: 'tsvector',
    // Stripped (no positions or weights): nothing ranks, and small vectors stay out of TOAST.
    generated: `(strip(to_tsvector('swedish', coalesce("comment", '')))) stored`,
    lazy: true,
    hidden: true,
    nullable: true,
  })
  search?: unknown;
}
