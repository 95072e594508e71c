import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Clock } from '../../common/clock.js';
import type { Principal } from '../../common/principal.js';
import { AuditEventEntity, type AuditChanges } from './audit-event.entity.js';

export interface AuditInput {
  action: string;
  entity: string;
  entityId: string;
  caseReference?: string | null;
  changes?: AuditChanges;
}

/** Appends history entries inside the caller's transaction (so a rolled-back change leaves no trace). */
@Injectable()
export class AuditService {
  constructor(private readonly clock: Clock) {}

  record(em: EntityManager, actor: Pick<Principal, 'id' | 'name'> | null, input: AuditInput): AuditEventEntity {
    const event = em.create(AuditEventEntity, {
      at: this.clock.now(),
      actorId: actor?.id ?? null,
      actorName: actor?.name ?? 'System',
      action: input.action,
      entity: input.entity,
      entityId: input.entityId,
      caseReference: input.caseReference ?? null,
      changes: input.changes ?? {},
    });
    em.persist(event);
    return event;
  }
}

/** The fields that differ between two plain snapshots. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): AuditChanges {
  const changes: AuditChanges = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[key];
    const b = after[key];
    if (JSON.stringify(a ?? null) !== JSON.stringify(b ?? null)) changes[key] = { before: a ?? null, after: b ?? null };
  }
  return changes;
}

export function created(after: Record<string, unknown>): AuditChanges {
  return diff({}, after);
}
