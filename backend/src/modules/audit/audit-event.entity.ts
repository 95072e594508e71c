import type { Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { uuidv7 } from '../../common/ids.js';

export type AuditChanges = Record<string, { before: unknown; after: unknown }>;

/** One append-only history entry. Written in the same transaction as the change; the database refuses updates and deletes. */
@Entity({ tableName: 'audit_event' })
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
