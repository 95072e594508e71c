import { Injectable } from '@nestjs/common';
import { PUBLISHED_REPORT_STATES, type OverviewGroupBy } from '@uppsikt/shared';
import { Params, Sql } from '../../infra/database/sql.js';

/** One (group, kind, status) cell of a period's roll-up; `status` is null for reports not submitted or approved. */
export interface OverviewRow {
  /** Kind key, body code, or the parent's reference (null: no parent). */
  key: string | null;
  /** Body name, or the parent's title (null for kinds, and for a parent without a title). */
  name: string | null;
  /** groupBy=parent: the reference and name of the group case's own parent. */
  up_ref: string | null;
  up_name: string | null;
  kind: string;
  status: string | null;
  n: number;
}

/** Targets met, and targets with a value, per group key (indicators, issue 15). */
export type TargetCounts = Map<string | null, { met: number; total: number }>;

/** How each grouping names, sorts and joins its group. */
const NONE = 'null::text';
const GROUPINGS: Record<OverviewGroupBy, { key: string; name: string; sort: string; upRef: string; upName: string; join: string }> = {
  kind: { key: 'c.kind', name: NONE, sort: NONE, upRef: NONE, upName: NONE, join: '' },
  body: { key: 'r.body_code', name: 'b.name', sort: 'b.name', upRef: NONE, upName: NONE, join: 'join body b on b.code = r.body_code' },
  parent: {
    key: 'pc.reference',
    name: 'pc.title',
    sort: 'pc.reference_sort',
    upRef: 'gp.reference',
    upName: 'gp.title',
    join: 'left join "case" pc on pc.id = c.parent_id left join "case" gp on gp.id = pc.parent_id',
  },
};

/** All SQL of the overview (`GET /api/overview`): the period's reports counted per group, kind and readable status. */
@Injectable()
export class OverviewRepository {
  constructor(private readonly sql: Sql) {}

  async periodExists(id: string): Promise<boolean> {
    return (await this.sql.query('select 1 from period where id = $1', [id])).length > 0;
  }

  /** The id of the case with this reference, or null. */
  async caseId(reference: string): Promise<string | null> {
    const [row] = await this.sql.query<{ id: string }>('select id from "case" where reference = $1', [reference]);
    return row?.id ?? null;
  }

  /**
   * The period's reports counted per group, kind and status. Only a submitted or approved report
   * gives its status (its latest state: a returned or reopened report counts as not reported, and
   * a draft's status is never read), so the rows are the same for everyone who may read the period.
   * `underId` keeps the subtree below that case (the case itself excluded); rows come in group order.
   */
  async counts(periodId: string, groupBy: OverviewGroupBy, underId: string | null): Promise<OverviewRow[]> {
    const g = GROUPINGS[groupBy];
    const p = new Params();
    const period = p.add(periodId);
    const readable = p.add([...PUBLISHED_REPORT_STATES]);
    // `union` (not `union all`): a cycle, were one ever stored, ends the walk instead of looping.
    const subtree = underId
      ? `with recursive sub(id) as (select c.id from "case" c where c.parent_id = ${p.add(underId)}::uuid
                                     union select c.id from "case" c join sub on c.parent_id = sub.id) `
      : '';
    const rows = await this.sql.query<OverviewRow & { n: string }>(
      `${subtree}select ${g.key} as key, ${g.name} as name, ${g.upRef} as up_ref, ${g.upName} as up_name,
              c.kind, case when r.state = any(${readable}::text[]) then r.status end as status, count(*) as n
         from report r join "case" c on c.id = r.case_id ${g.join}
        where r.period_id = ${period} ${underId ? 'and r.case_id in (select id from sub)' : ''}
        group by 1, 2, 3, 4, 5, 6, ${g.sort}
        order by ${g.sort} nulls last, 1 nulls last`,
      p.values,
    );
    return rows.map((r) => ({ ...r, n: Number(r.n) }));
  }

  /**
   * Indicators whose target is met, and indicators with a target and a value, per group of the same
   * grouping and over the same reports as `counts` (an indicator counts in the group of the case it
   * belongs to, once however many reports the case has). An indicator's value is its latest up to
   * the period's year; `met` compares it with the target in the indicator's direction (issue 15).
   * Targets are published figures, so the counts are the same for every role.
   */
  async targets(periodId: string, groupBy: OverviewGroupBy, underId: string | null): Promise<TargetCounts> {
    const g = GROUPINGS[groupBy];
    const p = new Params();
    const period = p.add(periodId);
    const subtree = underId
      ? `with recursive sub(id) as (select c.id from "case" c where c.parent_id = ${p.add(underId)}::uuid
                                     union select c.id from "case" c join sub on c.parent_id = sub.id) `
      : '';
    const rows = await this.sql.query<{ key: string | null; met: string; total: string }>(
      `${subtree}select ${g.key} as key,
              count(distinct i.id) filter (where case when i.direction = 'higher' then l.value >= i.target else l.value <= i.target end) as met,
              count(distinct i.id) as total
         from report r join "case" c on c.id = r.case_id ${g.join}
         join indicator i on i.case_id = c.id and i.target is not null
         join lateral (select v.value from indicator_value v
                        where v.indicator_id = i.id and v.value is not null and v.year <= (select year from period where id = ${period})
                        order by v.year desc limit 1) l on true
        where r.period_id = ${period} ${underId ? 'and r.case_id in (select id from sub)' : ''}
        group by 1`,
      p.values,
    );
    return new Map(rows.map((r) => [r.key, { met: Number(r.met), total: Number(r.total) }]));
  }
}
