import type { Rel, Opt } from '@mikro-orm/core';
import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../../common/base.entity.js';
import { BodyEntity } from '../bodies/body.entity.js';
import { UserEntity } from '../users/user.entity.js';
import { ReportEntity } from './report.entity.js';

/** A co-body's text for a case in a period (shown beside the lead body's report). */
@Entity({ tableName: 'contribution' })
@Unique({ properties: ['report', 'body'] })
export class ContributionEntity extends BaseEntity {
  @ManyToOne(() => ReportEntity, { deleteRule: 'cascade' })
  report: Rel<ReportEntity>;

  @ManyToOne(() => BodyEntity, { fieldName: 'body_code' })
  body: Rel<BodyEntity>;

  @Property({ type: 'text', default: '' })
  text: Opt<string> = '';

  /** When text was last written (null while the slot is empty). */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  writtenAt: Date | null = null;

  @ManyToOne(() => UserEntity, { nullable: true, deleteRule: 'set null' })
  writtenBy: Rel<UserEntity> | null = null;
}
