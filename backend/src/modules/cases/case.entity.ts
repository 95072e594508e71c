import type { Rel, Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { AllBodiesScope, CaseKind, CaseState } from '@uppsikt/shared';
import { BaseEntity } from '../../common/base.entity.js';
import { BodyEntity } from '../bodies/body.entity.js';

/** A council assignment, goal or programme priority followed up each period. */
@Entity({ tableName: 'case' })
@Index({ properties: ['kind', 'referenceSort'] })
@Index({ name: 'case_search_idx', expression: 'create index "case_search_idx" on "case" using gin ("search")' })
export class CaseEntity extends BaseEntity {
  @Property({ type: 'text' })
  @Unique()
  reference: string;

  /** Reference with digit runs zero-padded, so that ordering by it is natural (2020:2 before 2020:10). */
  @Property({ type: 'text' })
  @Index()
  referenceSort: string;

  @Property({ type: 'text' })
  kind: CaseKind;

  @Property({ type: 'text', nullable: true })
  title: string | null = null;

  @Property({ type: 'text' })
  text: string;

  @ManyToOne(() => BodyEntity, { fieldName: 'lead_body_code' })
  @Index()
  leadBody: Rel<BodyEntity>;

  @Property({ type: 'text[]', defaultRaw: "'{}'" })
  coBodies: Opt<string[]> = [];

  @Property({ type: 'boolean', default: false })
  allBodies: Opt<boolean> = false;

  /** What `allBodies` covers (`ALL_BODIES_KINDS`): nämnder and styrelser, or those and the bolag. */
  @Property({ type: 'text', default: 'boards' })
  allBodiesScope: Opt<AllBodiesScope> = 'boards';

  /** The case one level up (överordnad); never a cycle (`CaseWriter` checks under a lock). */
  @ManyToOne(() => CaseEntity, { fieldName: 'parent_id', nullable: true })
  @Index()
  parent: Rel<CaseEntity> | null = null;

  @Property({ type: 'string', columnType: 'date', nullable: true })
  decidedOn: string | null = null;

  @Property({ type: 'text', nullable: true })
  decisionRef: string | null = null;

  @Property({ type: 'text', nullable: true })
  diaryNumber: string | null = null;

  @Property({ type: 'string', columnType: 'date', nullable: true })
  dueOn: string | null = null;

  @Property({ type: 'text[]', defaultRaw: "'{}'" })
  related: Opt<string[]> = [];

  @Property({ type: 'text', default: 'active' })
  @Index()
  state: Opt<CaseState> = 'active';

  @Property({ type: 'text', nullable: true })
  closedNote: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  closedAt: Date | null = null;

  @Property({
    type: 'unknown',
    columnType: 'tsvector',
    // Stripped (no positions or weights): nothing ranks, and a vector small enough to stay out of
    // TOAST keeps a scan of it ten times cheaper than one that must be detoasted row by row.
    generated: `(strip(to_tsvector('swedish', coalesce("reference", '') || ' ' || coalesce("title", '') || ' ' || coalesce("text", '')))) stored`,
    lazy: true,
    hidden: true,
    nullable: true,
  })
  search?: unknown;
}

export function referenceSortKey(reference: string): string {
  return reference.toLocaleLowerCase('sv-SE').replace(/\d+/gu, (d) => d.padStart(10, '0'));
}
