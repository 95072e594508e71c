import { Injectable } from '@nestjs/common';
import type { RoleGrant } from '@uppsikt/shared';
import { BatchedLookup } from '../../infra/database/batched-lookup.js';
import { Sql } from '../../infra/database/sql.js';

interface PrincipalRow {
  id: string;
  email: string;
  name: string;
  workflow_mail: boolean;
  sso: boolean;
  grants: RoleGrant[] | null;
  last_seen_at?: Date;
}

const PRINCIPAL_COLUMNS = `u.id, u.email, u.name, u.workflow_mail, u.sso_subject is not null as sso,
  (select coalesce(json_agg(json_build_object('role', g.role, 'body', g.body_code) order by g.role, g.body_code), '[]'::json)
     from role_grant g where g.user_id = u.id) as grants`;

/**
 * Sessions and API tokens: resolving them to users with one query each (hot path: every request,
 * as prepared statements) and ending them.
 */
@Injectable()
export class PrincipalRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * The user of a session not idle since `idleSince`. Concurrent requests share one statement
   * (`BatchedLookup`), started after each of them asked, so a session ended before is never found.
   */
  async bySession(sessionId: string, idleSince: Date): Promise<(PrincipalRow & { last_seen_at: Date }) | null> {
    const row = await this.sessions.get(sessionId);
    return row && new Date(row.last_seen_at) > idleSince ? clean(row) : null;
  }

  private readonly sessions = new BatchedLookup<string, (PrincipalRow & { last_seen_at: Date }) | null>(async (ids) => {
    const rows = await this.sql.lookup<PrincipalRow & { last_seen_at: Date; session_id: string }>(
      `select s.id as session_id, ${PRINCIPAL_COLUMNS}, s.last_seen_at from session s join app_user u on u.id = s.user_id
       where s.id = any($1::text[]) and u.active`,
      [ids],
    );
    const found = new Map(rows.map(({ session_id, ...row }) => [session_id, row]));
    return ids.map((id) => found.get(id) ?? null);
  }, (id) => id);

  async byToken(tokenHash: string): Promise<PrincipalRow | null> {
    const rows = await this.sql.query<PrincipalRow>(
      `update api_token t set last_used_at = now() from app_user u
       where t.token_hash = $1 and u.id = t.user_id and u.active
       returning ${PRINCIPAL_COLUMNS}`,
      [tokenHash],
    );
    return rows[0] ? clean(rows[0]) : null;
  }

  async byId(userId: string): Promise<PrincipalRow | null> {
    const rows = await this.sql.query<PrincipalRow>(`select ${PRINCIPAL_COLUMNS} from app_user u where u.id = $1`, [userId]);
    return rows[0] ? clean(rows[0]) : null;
  }

  async touchSession(sessionId: string, now: Date): Promise<void> {
    await this.sql.execute('update session set last_seen_at = $1 where id = $2', [now, sessionId]);
  }

  /** Removes the sessions idle since then; how many. */
  async deleteIdleSessions(idleSince: Date): Promise<number> {
    return this.sql.execute('delete from session where last_seen_at <= $1', [idleSince]);
  }
}

function clean<T extends PrincipalRow>(row: T): T {
  const grants = (typeof row.grants === 'string' ? JSON.parse(row.grants) : row.grants) as Array<{ role: RoleGrant['role']; body: string | null }>;
  return { ...row, grants: grants.map((g) => (g.body ? { role: g.role, body: g.body } : { role: g.role })) };
}
