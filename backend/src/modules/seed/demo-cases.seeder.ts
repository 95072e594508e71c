import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  addDays,
  CASE_KINDS,
  localDate,
  mapToScale,
  statusColour,
  zonedTimeToInstant,
  type CaseKind,
  type Term,
} from '@uppsikt/shared';
import { Clock } from '../../common/clock.js';
import { toPrincipal, type Principal } from '../../common/principal.js';
import { AuditService } from '../audit/audit.service.js';
import { CaseEntity } from '../cases/case.entity.js';
import { CasesService } from '../cases/cases.service.js';
import { PeriodsService } from '../periods/periods.service.js';
import { ReportEntity } from '../reports/report.entity.js';
import { ReportsService } from '../reports/reports.service.js';
import { UserEntity } from '../users/user.entity.js';
import { DEMO_USERS, readDemoCsv } from './demo-files.js';

const KIND_BY_TYPE: Record<string, CaseKind> = {
  'kf-uppdrag': 'assignment',
  tilläggsuppdrag: 'supplementary_assignment',
  'kf-mål': 'goal',
  programprioritering: 'programme_priority',
};

/**
 * The Umeå 2020 follow-up (53 assignments, 17 goals, approved 2020-T2 statuses, published) and an
 * open current-year period, three weeks from its deadline, with drafts, submitted and returned reports.
 * Everything goes through the same services as the API, so history and snapshots are real.
 */
@Injectable()
export class DemoCasesSeeder {
  private readonly logger = new Logger(DemoCasesSeeder.name);

  constructor(
    private readonly cases: CasesService,
    private readonly periods: PeriodsService,
    private readonly reports: ReportsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async run(em: EntityManager): Promise<void> {
    if ((await em.count(CaseEntity, {})) > 0) return;
    const people = await this.principals(em);
    const slk = people['granskare@uppsikt.test'];

    for (const file of ['uppdrag.csv', 'mal.csv']) {
      for (const row of readDemoCsv(file)) {
        const medansvar = (row.Medansvar ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        const kind = KIND_BY_TYPE[(row.Typ ?? '').trim().toLowerCase()];
        if (!kind || !CASE_KINDS.includes(kind)) throw new Error(`Demo case ${row.Referens} has unknown type ${row.Typ}`);
        await this.cases.create(slk, {
          reference: row.Referens.trim(),
          kind,
          text: (row.Uppdragstext ?? row.Måltext ?? row.Text ?? '').trim(),
          leadBody: row.Huvudansvar.trim(),
          coBodies: medansvar.filter((m) => m.toLowerCase() !== 'samtliga nämnder'),
          allBodies: medansvar.some((m) => m.toLowerCase() === 'samtliga nämnder'),
          decidedOn: row.Beslutat?.trim() || null,
          dueOn: row.Slutdatum?.trim() || null,
        });
      }
    }
    // Related cases are linked once all exist.
    for (const row of readDemoCsv('uppdrag.csv')) {
      const related = (row.Relaterade ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (!related.length) continue;
      const c = await this.cases.get(row.Referens.trim());
      await this.cases.patch(slk, c.reference, { related, version: c.version });
    }

    await this.historicPeriod(em, slk);
    await this.currentPeriod(em, people);
  }

  /** 2020-T2 as published: statuses approved, period closed and published; finished assignments closed. */
  private async historicPeriod(em: EntityManager, slk: Principal): Promise<void> {
    await this.periods.open(slk, { year: 2020, term: 'T2', submissionDeadline: zonedTimeToInstant('2020-09-15', 12).toISOString() });
    const byRef = new Map((await em.find(ReportEntity, { period: '2020-T2' }, { populate: ['case'] })).map((r) => [r.case.reference, r]));
    const approvedAt = zonedTimeToInstant('2020-09-28', 10);
    const done: string[] = [];
    for (const file of ['uppdrag-status-2020-T2.csv', 'mal-status-2020-T2.csv']) {
      for (const row of readDemoCsv(file)) {
        const r = byRef.get(row.Referens.trim());
        if (!r) continue;
        const status = row.Status?.trim() ? mapToScale(r.case.kind, row.Status) : null;
        const forecast = row['Prognos helår']?.trim() ? mapToScale(r.case.kind, row['Prognos helår']) : null;
        r.status = status?.ok ? status.value : null;
        r.forecast = forecast?.ok ? forecast.value : null;
        r.comment = row['Motivering/kommentar']?.trim() || null;
        r.state = 'approved';
        r.submittedAt = approvedAt;
        r.approvedAt = approvedAt;
        this.audit.record(em, slk, {
          action: 'report.imported',
          entity: 'report',
          entityId: r.id,
          caseReference: r.case.reference,
          changes: { state: { before: 'not_started', after: 'approved' }, status: { before: null, after: r.status } },
        });
        if (r.case.kind === 'assignment' && statusColour(r.case.kind, r.status) === 'green') done.push(r.case.reference);
      }
    }
    await em.flush();
    await this.periods.close(slk, '2020-T2');
    await this.periods.publish(slk, '2020-T2');
    for (const reference of done) await this.cases.close(slk, reference, { outcome: 'completed', note: 'Genomfört enligt uppföljningen per 31 augusti 2020.' });
  }

  /** An open period for this year, deadline three weeks ahead, with work in every state. */
  private async currentPeriod(em: EntityManager, people: Record<string, Principal>): Promise<void> {
    const now = this.clock.now();
    const year = Number(localDate(now).slice(0, 4));
    const month = Number(localDate(now).slice(5, 7));
    const term: Term = month <= 4 ? 'T1' : month <= 8 ? 'T2' : 'T3';
    const slk = people['granskare@uppsikt.test'];
    const deadline = zonedTimeToInstant(addDays(localDate(now), 21), 12);
    const period = await this.periods.open(slk, { year, term, submissionDeadline: deadline.toISOString(), reviewDeadline: zonedTimeToInstant(addDays(localDate(now), 35), 12).toISOString() });

    const work = async (email: string, body: string) => {
      const who = people[email];
      const rows = await em.find(ReportEntity, { period: period.id, body: { code: body } }, { populate: ['case'], orderBy: { case: { referenceSort: 'asc' } } });
      let i = 0;
      for (const r of rows) {
        const plan = i++ % 5; // 0 untouched, 1 draft, 2 submitted, 3 submitted+returned, 4 submitted
        if (plan === 0) continue;
        const scale = r.case.kind === 'goal' ? ['Helt uppfyllt', 'Delvis uppfyllt'] : r.case.kind === 'programme_priority' ? ['Enligt plan', 'Mer arbete krävs'] : ['Genomfört', 'Delvis genomfört'];
        const status = scale[i % 2];
        const saved = await this.reports.save(who, r.id, {
          status,
          comment: plan === 1 ? null : `Arbetet fortskrider enligt plan. ${status === scale[0] ? 'Uppdraget bedöms vara slutfört.' : 'Delar återstår och rapporteras i nästa uppföljning.'}`,
          forecast: term === 'T3' ? undefined : scale[0],
          version: r.version,
        });
        if (plan === 1) continue;
        await this.reports.submit(who, saved.id);
        if (plan === 3) await this.reports.review(slk, saved.id, 'return', { comment: 'Beskriv vad som återstår och när det väntas vara klart.' });
      }
    };
    await work('ks@uppsikt.test', 'KS');
    await work('tn@uppsikt.test', 'TN');
    await work('ifn@uppsikt.test', 'IFN');
    this.logger.log(`Demo period ${period.id} is open; boards must submit by ${localDate(deadline)}`);
  }

  private async principals(em: EntityManager): Promise<Record<string, Principal>> {
    const users = await em.find(UserEntity, { email: { $in: DEMO_USERS.map((u) => u.email) } });
    return Object.fromEntries(
      DEMO_USERS.map((d) => {
        const u = users.find((x) => x.email === d.email)!;
        return [d.email, toPrincipal({ id: u.id, email: u.email, name: u.name }, d.roles, 'session')];
      }),
    );
  }
}
