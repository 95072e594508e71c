import type { Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property, Trigger } from '@mikro-orm/decorators/legacy';
import { uuidv7 } from '../../common/ids.js';

export type AuditChanges = Record<string, { before: unknown; after: unknown }>;

/** One append-only history entry. Written in the same transaction as the change; the database refuses updates and deletes. */
@Entity({ tableName: 'audit_event' })
@Trigger({ name: 'append_only', timing: 'before', events: ['update', 'delete'], forEach: 'row', body: "raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'P0001';" })
@Trigger({ name: 'no_truncate', timing: 'before', events: ['truncate'], forEach: 'statement', body: "raise exception 'audit_event is append-only: truncate refused' using errcode = 'P0001';" })
@Index({ properties: ['caseReference', 'at'] })
@Index({ properties: ['entity', 'entityId'] })
export class AuditEventEntity {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = uuidv7();

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  at: Opt<Date> = new Date();

  @Property({ type: 'uuid', nullable: true })
  actorId: string | null = null;

  @Property({ type: 'text', nullable: true })
  actorName: string | null = null;

  @Property({ type: 'text' })
  action: string;

  @Property({ type: 'text' })
  entity: string;

  @Property({ type: 'text' })
  entityId: string;

  /** The case the event belongs to, for the case history view. */
  @Property({ type: 'text', nullable: true })
  caseReference: string | null = null;

  @Property({ type: 'json' })
  changes: Opt<AuditChanges> = {};
}
