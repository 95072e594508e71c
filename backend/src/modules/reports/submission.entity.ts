import type { Rel, Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property, Trigger } from '@mikro-orm/decorators/legacy';
import { uuidv7 } from '../../common/ids.js';
import { ReportEntity } from './report.entity.js';

/**
 * An immutable snapshot of a report as it was submitted: once a board sends it, it is an
 * official document (allmän handling). The database refuses updates and deletes.
 */
@Entity({ tableName: 'report_submission' })
@Trigger({ name: 'append_only', timing: 'before', events: ['update', 'delete'], forEach: 'row', body: "raise exception 'report_submission is append-only: % refused', tg_op using errcode = 'P0001';" })
@Trigger({ name: 'no_truncate', timing: 'before', events: ['truncate'], forEach: 'statement', body: "raise exception 'report_submission is append-only: truncate refused' using errcode = 'P0001';" })
@Index({ properties: ['report', 'submittedAt'] })
export class SubmissionEntity {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = uuidv7();

  @ManyToOne(() => ReportEntity, { deleteRule: 'no action' })
  report: Rel<ReportEntity>;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  submittedAt: Date;

  @Property({ type: 'uuid', nullable: true })
  submittedById: string | null;

  @Property({ type: 'text' })
  submittedByName: string;

  @Property({ type: 'text', nullable: true })
  status: string | null;

  /** One line beside the comment, for kinds that ask it (`asksSummary`). */
  @Property({ type: 'text', nullable: true })
  summary: string | null = null;

  @Property({ type: 'text', nullable: true })
  comment: string | null;

  @Property({ type: 'text', nullable: true })
  forecast: string | null;

  @Property({ type: 'text', nullable: true })
  trend: string | null;

  @Property({ type: 'json', nullable: true })
  contributions: Array<{ body: string; text: string }> | null = null;
}
