import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { defaultPeriodEnd, periodId, type Period, type PeriodCreate } from '@uppsikt/shared';
import { Clock } from '../../common/clock.js';
import { badRequest, conflict } from '../../common/errors.js';
import type { Principal } from '../../common/principal.js';
import { AuditService, created } from '../audit/audit.service.js';
import { ReportRepository } from '../reports/report.repository.js';
import { PeriodEntity } from './period.entity.js';
import { PeriodRepository } from './period.repository.js';
import { periodView } from './period.view.js';

export const TERM_ORDER = { T1: 1, T2: 2, T3: 3 } as const;

@Injectable()
export class PeriodsService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly repo: PeriodRepository,
    private readonly reports: ReportRepository,
  ) {}

  async list(): Promise<Period[]> {
    const rows = await this.em.find(PeriodEntity, {}, { orderBy: { year: 'desc', term: 'desc' } });
    return rows.map(periodView);
  }

  /** Opens a period: in one transaction, the period and one report per active case with its contribution slots. */
  async open(actor: Principal, input: PeriodCreate): Promise<Period> {
    const deadline = new Date(input.submissionDeadline);
    const review = input.reviewDeadline ? new Date(input.reviewDeadline) : null;
    const periodEnd = input.periodEnd ?? defaultPeriodEnd(input.year, input.term);
    const problems = [];
    if (review && review <= deadline) problems.push({ path: 'reviewDeadline', message: 'Granskningsdatum måste ligga efter sista dag för inlämning' });
    if (Number(periodEnd.slice(0, 4)) !== input.year) problems.push({ path: 'periodEnd', message: 'Periodens slutdatum ska ligga inom året' });
    if (problems.length) throw badRequest('Ogiltig period', problems);

    return this.em.transactional(async (em) => {
      const id = periodId(input.year, input.term);
      if (await em.findOne(PeriodEntity, { id })) throw conflict(`Perioden ${id} finns redan`);
      const period = em.create(PeriodEntity, {
        id,
        year: input.year,
        term: input.term,
        periodEnd,
        submissionDeadline: deadline,
        reviewDeadline: review,
        reminderOffsets: input.reminderOffsets ?? ['P14D', 'P7D', 'P1D'],
        escalationOffsets: input.escalationOffsets ?? ['P1D', 'P3D'],
      });
      em.persist(period);
      await em.flush();
      const reports = await this.reports.createSlots(em, { periodIds: [id] });
      this.audit.record(em, actor, { action: 'period.opened', entity: 'period', entityId: id, changes: { ...created(periodView(period)), reports: { before: null, after: reports } } });
      await em.flush();
      return periodView(period);
    });
  }

  async close(actor: Principal, id: string): Promise<Period> {
    return this.em.transactional(async (em) => {
      const period = await this.repo.load(em, id);
      if (period.state === 'closed') throw conflict('Perioden är redan stängd');
      period.state = 'closed';
      period.closedAt = this.clock.now();
      this.audit.record(em, actor, { action: 'period.closed', entity: 'period', entityId: id, changes: { state: { before: 'open', after: 'closed' } } });
      await em.flush();
      return periodView(period);
    });
  }

  async publish(actor: Principal, id: string): Promise<Period> {
    return this.em.transactional(async (em) => {
      const period = await this.repo.load(em, id);
      if (period.published) return periodView(period);
      period.published = true;
      period.publishedAt = this.clock.now();
      this.audit.record(em, actor, { action: 'period.published', entity: 'period', entityId: id, changes: { published: { before: false, after: true } } });
      await em.flush();
      return periodView(period);
    });
  }
}
