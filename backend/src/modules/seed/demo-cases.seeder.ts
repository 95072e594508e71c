import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { addDays, asksForecast, localDate, scaleValues, statusColour, zonedTimeToInstant, type Term } from '@uppsikt/shared';
import { Clock } from '../../common/clock.js';
import { toPrincipal, type Principal } from '../../common/principal.js';
import { ImportsService } from '../imports/imports.service.js';
import { CaseEntity } from '../cases/case.entity.js';
import { CasesService } from '../cases/cases.service.js';
import { KindRegistry } from '../kinds/kind-registry.js';
import { KindsService } from '../kinds/kinds.service.js';
import { PeriodsService } from '../periods/periods.service.js';
import { ReportEntity } from '../reports/report.entity.js';
import { ReportsService } from '../reports/reports.service.js';
import { UserEntity } from '../users/user.entity.js';
import { DEMO_USERS, readDemoCsv, readDemoFile } from './demo-files.js';

/** The demo programme's reference (its import files: `program-social-hallbarhet-2024*.csv`). */
export const PROGRAMME = 'SH2024';

/**
 * The Umeå 2020 follow-up (53 assignments, 17 goals, approved 2020-T2 statuses, published) and an
 * open current-year period, three weeks from its deadline, with drafts, submitted and returned reports.
 * Everything goes through the same services as the API (the files through the importer), so history
 * and snapshots are real.
 */
@Injectable()
export class DemoCasesSeeder {
  private readonly logger = new Logger(DemoCasesSeeder.name);

  constructor(
    private readonly cases: CasesService,
    private readonly periods: PeriodsService,
    private readonly reports: ReportsService,
    private readonly imports: ImportsService,
    private readonly clock: Clock,
    private readonly kinds: KindRegistry,
    private readonly kindsAdmin: KindsService,
  ) {}

  async run(em: EntityManager): Promise<void> {
    const people = await this.principals(em);
    const slk = people['granskare@uppsikt.test'];
    if ((await em.count(CaseEntity, {})) === 0) {
      // The case files go through the importer, as a reviewer's upload would (related cases included).
      for (const file of ['uppdrag.csv', 'mal.csv']) await this.importDemo('cases', slk, file);
      await this.historicPeriod(em, slk);
      // Indicators on some goals (made-up figures; one linked to a Kolada KPI, fetched only with KOLADA_MUNICIPALITY).
      await this.importDemo('indicators', slk, 'indikatorer.csv');
      await this.currentPeriod(em, people);
    }
    // Its own step, so that a database seeded before the programme was part of the demo gets it too.
    if (!(await em.count(CaseEntity, { reference: PROGRAMME }))) await this.programme(people['admin@uppsikt.test'], slk);
  }

  /**
   * Program för social hållbarhet 2024 as a tree (programme, five focus areas, 14 priorities, with
   * their Huvudansvar lists) and the lägesbild of its report for January–August 2024, approved and
   * published. Read `data/demo/README.md` for how the files were made from the two documents.
   */
  private async programme(admin: Principal, slk: Principal): Promise<void> {
    // The programme reports once a year, for January–August, without a forecast (the demo's
    // styrmodell, set as an admin would on the Styrmodell page).
    for (const kind of await this.kinds.all()) {
      if (!['programme', 'focus_area', 'programme_priority'].includes(kind.key)) continue;
      await this.kindsAdmin.patch(admin, kind.key, { terms: ['T2'], asksForecast: [], version: kind.version });
    }
    await this.importDemo('cases', slk, 'program-social-hallbarhet-2024.csv');
    // Indicators on a focus area and two priorities (made-up figures, as in indikatorer.csv).
    await this.importDemo('indicators', slk, 'program-social-hallbarhet-2024-indikatorer.csv');
    const known = new Set((await this.periods.list()).map((p) => p.id));
    await this.importDemo('reports', slk, 'program-social-hallbarhet-2024-status-2024-T2.csv', zonedTimeToInstant('2024-09-20', 10));
    // The import creates 2024-T2 closed when it is new; then it is published like 2020-T2.
    if (!known.has('2024-T2')) await this.periods.publish(slk, '2024-T2');
  }

  /** 2020-T2 as published: statuses approved, period closed and published; finished assignments closed. */
  private async historicPeriod(em: EntityManager, slk: Principal): Promise<void> {
    await this.periods.open(slk, { year: 2020, term: 'T2', submissionDeadline: zonedTimeToInstant('2020-09-15', 12).toISOString() });
    const approvedAt = zonedTimeToInstant('2020-09-28', 10);
    for (const file of ['uppdrag-status-2020-T2.csv', 'mal-status-2020-T2.csv']) await this.importDemo('reports', slk, file, approvedAt);
    // The demo's finished assignments (green statuses of the assignments' status file) are closed; goals go on.
    const assignmentRefs = readDemoCsv('uppdrag-status-2020-T2.csv').map((r) => r.Referens);
    const assignments = await em.find(ReportEntity, { period: '2020-T2', case: { reference: { $in: assignmentRefs } } }, { populate: ['case'] });
    const kinds = await this.kinds.byKey();
    const done = assignments.filter((r) => statusColour(kinds.get(r.case.kind)!, r.status) === 'green').map((r) => r.case.reference);
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
        const kind = await this.kinds.get(r.case.kind);
        const scale = scaleValues(kind);
        const status = scale[Math.min(i % 2, scale.length - 1)];
        const saved = await this.reports.save(who, r.id, {
          status,
          comment: plan === 1 ? null : `Arbetet fortskrider enligt plan. ${status === scale[0] ? 'Uppdraget bedöms vara slutfört.' : 'Delar återstår och rapporteras i nästa uppföljning.'}`,
          forecast: asksForecast(kind, term) ? scale[0] : undefined,
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

  private async importDemo(type: 'cases' | 'reports' | 'indicators', actor: Principal, file: string, approvedAt?: Date): Promise<void> {
    const result = await this.imports.importFile(type, actor, { bytes: readDemoFile(file), filename: file }, { approvedAt });
    if (result.errors.length) throw new Error(`Demo file ${file} did not import: ${JSON.stringify(result.errors.slice(0, 3))}`);
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
