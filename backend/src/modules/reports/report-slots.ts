import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../../common/pg-array.js';

/**
 * Creates the reports (one per case, owned by the lead body) and contribution slots (one per
 * co-body; "samtliga nämnder" expands to every active nämnd and styrelse at this moment) for
 * the given open periods. Idempotent; runs inside the caller's transaction.
 */
export async function createReportSlots(em: EntityManager, opts: { periodIds: string[]; caseIds?: string[] }): Promise<number> {
  if (!opts.periodIds.length) return 0;
  const caseFilter = opts.caseIds ? 'and c.id = any(?::uuid[])' : '';
  const caseParams = opts.caseIds ? [pgArray(opts.caseIds)] : [];
  const inserted = await em.execute<{ id: string }[]>(
    `insert into report (id, created_at, updated_at, version, case_id, period_id, body_code, state)
     select gen_random_uuid(), now(), now(), 1, c.id, p.id, c.lead_body_code, 'not_started'
       from "case" c cross join period p
      where c.state = 'active' and p.id = any(?::text[]) ${caseFilter}
     on conflict (case_id, period_id) do nothing
     returning id`,
    [pgArray(opts.periodIds), ...caseParams],
  );
  await addContributionSlots(em, opts);
  return inserted.length;
}

/** Adds any missing contribution slots for the co-bodies of the cases' reports in open periods. */
export async function addContributionSlots(em: EntityManager, opts: { periodIds: string[]; caseIds?: string[] }): Promise<void> {
  const caseFilter = opts.caseIds ? 'and c.id = any(?::uuid[])' : '';
  const caseParams = opts.caseIds ? [pgArray(opts.caseIds)] : [];
  await em.execute(
    `insert into contribution (id, created_at, updated_at, version, report_id, body_code, text)
     select gen_random_uuid(), now(), now(), 1, r.id, b.code, ''
       from report r
       join "case" c on c.id = r.case_id
       join body b on (b.code = any(c.co_bodies) or (c.all_bodies and b.active and b.kind in ('nämnd', 'styrelse')))
      where r.period_id = any(?::text[]) and b.code <> r.body_code ${caseFilter}
     on conflict (report_id, body_code) do nothing`,
    [pgArray(opts.periodIds), ...caseParams],
    'run',
  );
}
