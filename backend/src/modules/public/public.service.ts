import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Period } from '@uppsikt/shared';
import { notFound } from '../../common/errors.js';
import { isoOrNull } from '../../common/iso.js';
import { PeriodEntity } from '../periods/period.entity.js';
import { periodView } from '../periods/period.view.js';
import { ReportRepository } from '../reports/report.repository.js';
import { KindRegistry } from '../kinds/kind-registry.js';

/** Open data: only approved reports of published periods, nothing else. */
@Injectable()
export class PublicService {
  constructor(
    private readonly em: EntityManager,
    private readonly reports: ReportRepository,
    private readonly kinds: KindRegistry,
  ) {}

  async periods(): Promise<Period[]> {
    const rows = await this.em.find(PeriodEntity, { published: true }, { orderBy: { year: 'desc', term: 'desc' } });
    return rows.map(periodView);
  }

  async cases(periodId: string) {
    const period = await this.em.findOne(PeriodEntity, { id: periodId, published: true });
    if (!period) throw notFound(`En publicerad period ${periodId}`);
    const rows = await this.reports.approvedOf(period.id);
    const used = new Set(rows.map((r) => r.kind));
    const kinds = (await this.kinds.all()).filter((k) => used.has(k.key)).map(({ key, name, plural, scale, position }) => ({ key, name, plural, scale, position }));
    return {
      period: { id: period.id, year: period.year, term: period.term, periodEnd: period.periodEnd },
      items: rows.map(({ approved_at, ...rest }) => ({ ...rest, approvedAt: isoOrNull(approved_at) })),
      total: rows.length,
      kinds,
    };
  }
}
