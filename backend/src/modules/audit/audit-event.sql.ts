import { uuidv7 } from '../../common/ids.js';
import type { Principal } from '../../common/principal.js';
import type { Params } from '../../infra/database/sql.js';
import type { AuditInput } from './audit.service.js';

/** A history entry about to be written by plain SQL, as `AuditService.record` would persist it. */
export interface AuditEventValues extends AuditInput {
  at: Date;
  actor: Pick<Principal, 'id' | 'name'> | null;
}

/**
 * The `insert into audit_event … select … from <source>` of a data-modifying CTE: one entry per row
 * of `source` (none when the write it records touched no row), in the writing statement itself.
 */
export function insertAuditEventFrom(source: string, p: Params, e: AuditEventValues): string {
  return `insert into audit_event (id, at, actor_id, actor_name, action, entity, entity_id, case_reference, changes)
    select ${p.add(uuidv7(e.at.getTime()))}::uuid, ${p.add(e.at)}::timestamptz, ${p.add(e.actor?.id ?? null)}::uuid, ${p.add(e.actor?.name ?? 'System')},
      ${p.add(e.action)}, ${p.add(e.entity)}, ${p.add(e.entityId)}, ${p.add(e.caseReference ?? null)}, ${p.add(JSON.stringify(e.changes ?? {}))}::jsonb
    from ${source}`;
}
