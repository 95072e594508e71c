import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Period } from '@uppsikt/shared';
import { notFound } from '../../common/errors.js';
import { isoOrNull } from '../../common/iso.js';
import { PeriodEntity } from '../periods/period.entity.js';
import { periodView } from '../periods/period.view.js';

interface PublicRow {
  reference: string;
  kind: string;
  title: string | null;
  text: string;
  body: string;
  status: string | null;
  comment: string | null;
  forecast: string | null;
  trend: string | null;
  approved_at: Date | null;
}

/** Open data: only approved reports of published periods, nothing else. */
@Injectable()
export class PublicService {
  constructor(private readonly em: EntityManager) {}

  async periods(): Promise<Period[]> {
    const rows = await this.em.find(PeriodEntity, { published: true }, { orderBy: { year: 'desc', term: 'desc' } });
    return rows.map(periodView);
  }

  async cases(periodId: string) {
    const period = await this.em.findOne(PeriodEntity, { id: periodId, published: true });
    if (!period) throw notFound(`En publicerad period ${periodId}`);
    const rows = await this.em.getConnection().execute<PublicRow[]>(
      `select c.reference, c.kind, c.title, c.text, r.body_code as body, r.status, r.comment, r.forecast, r.trend, r.approved_at
         from report r join "case" c on c.id = r.case_id
        where r.period_id = ? and r.state = 'approved'
        order by c.reference_sort`,
      [period.id],
    );
    return {
      period: { id: period.id, year: period.year, term: period.term, periodEnd: period.periodEnd },
      items: rows.map(({ approved_at, ...rest }) => ({ ...rest, approvedAt: isoOrNull(approved_at) })),
      total: rows.length,
    };
  }
}
