import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { PUBLISHED_REPORT_STATES, type CaseKind, type ExportFormat, type ReportState } from '@uppsikt/shared';
import { badRequest, forbidden, notFound } from '../../common/errors.js';
import { CaseEntity } from '../cases/case.entity.js';
import { isReviewer, type Principal } from '../../common/principal.js';
import { KindRegistry } from '../kinds/kind-registry.js';
import { PeriodEntity } from '../periods/period.entity.js';
import { ReportRepository } from '../reports/report.repository.js';
import type { FileOut } from '../imports/templates.js';
import { AppendixCache } from './appendix-cache.js';
import { kindFileWord } from './appendix-headings.js';
import { attachIndicators, buildAppendix, type Appendix } from './appendix-model.js';
import { buildProgrammeAppendix } from './programme-appendix.js';
import { toIndicator } from '../indicators/indicator.mapper.js';
import { IndicatorRepository } from '../indicators/indicator.repository.js';
import { renderCsv } from './render-csv.js';

const APPROVED: ReportState = 'approved';

export interface FollowupQuery {
  period: string;
  kind?: CaseKind;
  under?: string;
  format: ExportFormat;
  includeSubmitted: boolean;
}

/**
 * The follow-up appendix of a period (Bilaga 1), or with `under` a programme's appendix (Överblick,
 * then one table per focus area; `buildProgrammeAppendix`). It holds the period's approved reports (what the board
 * stands behind and SLK has accepted); reviewers and admins may add `includeSubmitted=true` for
 * a preview that also holds submitted reports. Readers get approved reports only.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly em: EntityManager,
    private readonly cache: AppendixCache,
    private readonly reports: ReportRepository,
    private readonly kinds: KindRegistry,
    private readonly indicators: IndicatorRepository,
  ) {}

  async followup(user: Principal, q: FollowupQuery): Promise<FileOut> {
    if (q.includeSubmitted && !isReviewer(user)) throw forbidden('Bara granskare kan ta med rapporter som inte är godkända');
    if (q.kind && q.under) throw badRequest('Ange antingen en ärendetyp (kind) eller ett program (under), inte båda', [{ path: 'under', message: 'Går inte att kombinera med kind' }]);
    const states: ReportState[] = q.includeSubmitted ? [...PUBLISHED_REPORT_STATES] : [APPROVED];
    if (q.kind && !(await this.kinds.find(q.kind))) throw badRequest('Okänd typ', [{ path: 'kind', message: `Typen ${q.kind} finns inte` }]);
    return this.cache.get({ period: q.period, kind: q.kind, under: q.under, format: q.format, states }, () => this.render(q, states));
  }

  private async render(q: FollowupQuery, states: ReportState[]): Promise<FileOut> {
    // Its own EntityManager: one render may serve several concurrent requests.
    const em = this.em.fork();
    const period = await em.findOne(PeriodEntity, { id: q.period });
    if (!period) throw notFound(`Perioden ${q.period}`);
    const kinds = await this.kinds.all();
    const info = { id: period.id, year: period.year, term: period.term, periodEnd: period.periodEnd };
    let appendix: Appendix;
    if (q.under) {
      const root = await em.findOne(CaseEntity, { reference: q.under }, { fields: ['reference', 'title', 'kind'] });
      if (!root) throw notFound(`Ärendet ${q.under}`);
      appendix = await buildProgrammeAppendix(this.reports, info, kinds, { reference: root.reference, title: root.title, kind: root.kind }, { states });
    } else appendix = await buildAppendix(this.reports, info, kinds, { kind: q.kind, states });
    attachIndicators(appendix, (await this.indicators.forAppendix([...new Set(appendix.rows.map((r) => r.reference))], period.year)).map(toIndicator));
    const label = q.kind ? kindFileWord(appendix.kinds.get(q.kind)!) : null;
    switch (q.format) {
      case 'csv':
        return renderCsv(appendix, label);
      // The XLSX, PDF and DOCX libraries are loaded on first use: a process that never renders
      // one (the worker, most API processes most of the time) does not hold them in memory.
      case 'xlsx':
        return (await import('./render-xlsx.js')).renderXlsx(appendix, label);
      case 'pdf':
        return (await import('./render-pdf.js')).renderPdf(appendix, label);
      case 'docx':
        return (await import('./render-docx.js')).renderDocx(appendix, label);
    }
  }
}
