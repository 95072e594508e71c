import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  asksForecast,
  asksSummary,
  asksTrend,
  canTransition,
  fourEyesRefuses,
  isOnScale,
  isPublished,
  nextState,
  PUBLISHED_REPORT_STATES,
  submissionProblems,
  TREND_SCALE,
  type Kind,
  type Report,
  type ReportAction,
  type ReportListQuery,
  type ReportState,
  type ReportUpdate,
  type Submission,
  type Term,
} from '@uppsikt/shared';
import type { z } from 'zod';
import { Clock } from '../../common/clock.js';
import { badRequest, conflict, forbidden, notFound, staleVersion, type ErrorDetail } from '../../common/errors.js';
import { isAdmin, returnCommentsOf, seesOnlySubmitted, withVisibleReturnComment, type Principal } from '../../common/principal.js';
import { AppConfig } from '../../config/env.js';
import { ReadCache } from '../../infra/cache/read-cache.js';
import { Scope } from '../../infra/cache/scope.js';
import { AuditService, diff } from '../audit/audit.service.js';
import { KindRegistry } from '../kinds/kind-registry.js';
import { UserEntity } from '../users/user.entity.js';
import { ReportEvents } from './report.events.js';
import type { ReportEntity } from './report.entity.js';
import { reportSnapshot, reportViewSnapshot } from './report.mapper.js';
import { ReportRepository } from './report.repository.js';
import { SubmissionEntity } from './submission.entity.js';

const STATE_NAMES: Record<string, string> = { not_started: 'ej påbörjad', draft: 'ett utkast', submitted: 'inskickad', returned: 'returnerad', approved: 'godkänd' };

@Injectable()
export class ReportsService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: ReportEvents,
    private readonly repo: ReportRepository,
    private readonly cache: ReadCache,
    private readonly config: AppConfig,
    private readonly kinds: KindRegistry,
  ) {}

  /** `{items: [Report], total}` as JSON; kept when a case or a period narrows it. */
  list(p: Principal, q: z.infer<typeof ReportListQuery>): Promise<Buffer> {
    let states: string[] | undefined = q.state ? [q.state] : undefined;
    if (seesOnlySubmitted(p)) states = q.state && isPublished(q.state) ? [q.state] : [...PUBLISHED_REPORT_STATES];
    const filter = { period: q.period, body: q.body, states, caseReference: q.case, kind: q.kind };
    const page = { limit: q.pageSize, offset: (q.page - 1) * q.pageSize };
    const scopes = q.case ? [Scope.case(q.case)] : q.period ? [Scope.cases(), Scope.reports(q.period, q.body)] : null;
    const comments = returnCommentsOf(p);
    return this.cache.json(`reports|${JSON.stringify([filter, page, comments])}`, scopes, async () => {
      const found = await this.repo.list(filter, page);
      return { ...found, items: found.items.map((r) => withVisibleReturnComment(comments, r)) };
    });
  }

  async get(p: Principal, id: string): Promise<Report> {
    const r = await this.repo.byId(id);
    if (!r || (seesOnlySubmitted(p) && !isPublished(r.state))) throw notFound('Rapporten');
    return withVisibleReturnComment(returnCommentsOf(p), r);
  }

  async submissions(p: Principal, id: string): Promise<Submission[]> {
    await this.get(p, id);
    return this.repo.submissions(id);
  }

  /**
   * Saves a draft (editor of the lead body): the hottest write of deadline week, so plain SQL and two
   * round trips (read and check; write with its history entry in one statement), no unit of work.
   */
  async save(p: Principal, id: string, input: ReportUpdate): Promise<Report> {
    for (let attempt = 0; ; attempt++) {
      const found = await this.repo.toSave(id);
      if (!found) throw notFound('Rapporten');
      const { report: r } = found;
      this.assertEditor(p, r.body);
      if (!found.periodOpen) throw periodClosed(r.period);
      if (input.version !== r.version) throw staleVersion();
      this.assertTransition(r.state, 'save');
      const kinds = await this.kinds.byKey();
      this.checkValues(found.term, kinds.get(r.case.kind) ?? (await this.kinds.get(r.case.kind)), input);
      const now = this.clock.now();
      const values = {
        state: nextState(r.state, 'save'),
        status: input.status !== undefined ? emptyToNull(input.status) : r.status,
        summary: input.summary !== undefined ? emptyToNull(input.summary) : r.summary,
        comment: input.comment !== undefined ? (input.comment === null || input.comment.trim() === '' ? null : input.comment) : r.comment,
        forecast: input.forecast !== undefined ? emptyToNull(input.forecast) : r.forecast,
        trend: input.trend !== undefined ? emptyToNull(input.trend) : r.trend,
        updatedAt: now, // every save bumps the version, so concurrent saves conflict
      };
      const changes = diff(reportViewSnapshot(r), reportViewSnapshot({ ...r, ...values, updatedAt: now.toISOString() }));
      const audit = { at: now, actor: p, action: 'report.saved', entity: 'report', entityId: r.id, caseReference: r.case.reference, changes };
      const saved = await this.repo.saveDraft(r.id, r.version, values, audit);
      if (saved) return saved;
      // Changed between the read and the write (its version, its state or its period): read again,
      // which answers why; a second miss is a concurrent save.
      if (attempt > 0) throw staleVersion();
    }
  }

  async submit(p: Principal, id: string, version?: number): Promise<Report> {
    const kinds = await this.kinds.byKey(); // as in save
    const { view, after } = await this.em.transactional(async (em) => {
      const r = await this.repo.load(em, id, { contributions: true });
      this.assertEditor(p, r.body.code);
      this.assertOpen(r);
      if (version !== undefined && version !== r.version) throw staleVersion();
      this.assertTransition(r.state, 'submit');
      const problems = submissionProblems(kinds.get(r.case.kind) ?? (await this.kinds.get(r.case.kind, em)), r.period.term, r);
      if (problems.length) throw badRequest('Rapporten kan inte skickas in ännu', problems);
      const before = reportSnapshot(r);
      const now = this.clock.now();
      r.state = nextState(r.state, 'submit');
      r.submittedAt = now;
      r.submittedBy = em.getReference(UserEntity, p.id);
      r.approvedAt = null;
      r.approvedBy = null;
      r.returnedAt = null;
      r.returnedByName = null;
      em.persist(
        em.create(SubmissionEntity, {
          report: r,
          submittedAt: now,
          submittedById: p.id,
          submittedByName: p.name,
          status: r.status,
          summary: r.summary,
          comment: r.comment,
          forecast: r.forecast,
          trend: r.trend,
          contributions: r.contributions.getItems().filter((c) => c.text).map((c) => ({ body: c.body.code, text: c.text })),
        }),
      );
      this.audit.record(em, p, { action: 'report.submitted', entity: 'report', entityId: r.id, caseReference: r.case.reference, changes: diff(before, reportSnapshot(r)) });
      await em.flush();
      const view = await this.readBack(em, id);
      return { view, after: await this.events.inTransaction(em, 'submitted', view) };
    });
    await this.events.afterCommit(after);
    return view;
  }

  async review(p: Principal, id: string, action: 'return' | 'approve' | 'reopen', opts: { comment?: string; version?: number }): Promise<Report> {
    const kind = action === 'return' ? 'returned' : action === 'approve' ? 'approved' : 'reopened';
    const { view, after } = await this.em.transactional(async (em) => {
      const r = await this.repo.load(em, id);
      this.assertOpen(r);
      if (opts.version !== undefined && opts.version !== r.version) throw staleVersion();
      this.assertTransition(r.state, action);
      if (action !== 'reopen') this.assertFourEyes(p, r);
      const before = reportSnapshot(r);
      const now = this.clock.now();
      r.state = nextState(r.state, action);
      if (action === 'approve') {
        r.approvedAt = now;
        r.approvedBy = em.getReference(UserEntity, p.id);
        r.returnComment = null;
        r.returnedAt = null;
        r.returnedByName = null;
      } else {
        r.returnComment = opts.comment ?? null;
        r.returnedAt = now;
        r.returnedByName = p.name;
        r.approvedAt = null;
        r.approvedBy = null;
      }
      r.updatedAt = now;
      const name = `report.${kind}`;
      this.audit.record(em, p, { action: name, entity: 'report', entityId: r.id, caseReference: r.case.reference, changes: diff(before, reportSnapshot(r)) });
      await em.flush();
      const view = await this.readBack(em, id);
      return { view, after: await this.events.inTransaction(em, kind, view) };
    });
    await this.events.afterCommit(after);
    return view;
  }

  /** A co-body's contribution (editor of that co-body). */
  async saveContribution(p: Principal, id: string, bodyCode: string, input: { text: string; version?: number }): Promise<Report> {
    return this.em.transactional(async (em) => {
      const r = await this.repo.load(em, id, { contributions: true });
      this.assertEditor(p, bodyCode);
      this.assertOpen(r);
      if (r.state === 'approved') throw conflict('Rapporten är godkänd och låst');
      const slot = r.contributions.getItems().find((c) => c.body.code === bodyCode);
      if (!slot) throw notFound(`Ett bidrag från ${bodyCode} för detta ärende`);
      if (input.version !== undefined && input.version !== slot.version) throw staleVersion();
      const before = slot.text;
      slot.text = input.text;
      slot.writtenAt = this.clock.now();
      slot.writtenBy = em.getReference(UserEntity, p.id);
      this.audit.record(em, p, {
        action: 'contribution.saved',
        entity: 'contribution',
        entityId: slot.id,
        caseReference: r.case.reference,
        changes: { [`contribution.${bodyCode}`]: { before, after: input.text } },
      });
      await em.flush();
      // A co-body's editor is not the board the return comment was written to.
      return withVisibleReturnComment(returnCommentsOf(p), await this.readBack(em, id));
    });
  }

  /** A write's answer: the report read back in its transaction, as every read shows it. */
  private async readBack(em: EntityManager, id: string): Promise<Report> {
    return (await this.repo.byId(id, em))!;
  }

  private assertEditor(p: Principal, bodyCode: string): void {
    if (!isAdmin(p) && !p.editorOf.includes(bodyCode)) throw forbidden(`Du är inte handläggare för ${bodyCode}`);
  }

  /** Four eyes: whoever submitted a report does not approve or return it (unless ALLOW_SELF_APPROVAL=1). */
  private assertFourEyes(p: Principal, r: ReportEntity): void {
    if (fourEyesRefuses(r.submittedBy?.id, p.id, this.config.env.ALLOW_SELF_APPROVAL)) {
      throw forbidden('Du har själv skickat in rapporten och kan inte godkänna eller returnera den. En annan granskare behöver granska den (fyraögonsprincipen).');
    }
  }

  private assertOpen(r: ReportEntity): void {
    if (r.period.state !== 'open') throw periodClosed(r.period.id);
  }

  private assertTransition(state: ReportState, action: ReportAction): void {
    if (!canTransition(state, action)) throw conflict(`Rapporten är ${STATE_NAMES[state]} och kan inte ${ACTION_VERBS[action]} nu`, [{ path: 'state', message: state }]);
  }

  private checkValues(term: Term, kind: Kind, input: ReportUpdate): void {
    const details: ErrorDetail[] = [];
    if (input.status && !isOnScale(kind, input.status)) details.push({ path: 'status', message: `"${input.status}" finns inte på skalan för ${kind.plural}` });
    if (input.summary && !asksSummary(kind)) details.push({ path: 'summary', message: `Sammanfattning anges inte för ${kind.plural}` });
    if (input.forecast) {
      if (!asksForecast(kind, term)) details.push({ path: 'forecast', message: forecastTerms(kind) });
      else if (!isOnScale(kind, input.forecast)) details.push({ path: 'forecast', message: `"${input.forecast}" finns inte på skalan` });
    }
    if (input.trend) {
      if (!asksTrend(kind)) details.push({ path: 'trend', message: `Trend anges inte för ${kind.plural}` });
      else if (!(TREND_SCALE as readonly string[]).includes(input.trend)) details.push({ path: 'trend', message: `"${input.trend}" är inte en trend (${TREND_SCALE.join(', ')})` });
    }
    if (details.length) throw badRequest('Ogiltiga värden', details);
  }
}

/** "Prognos för helår anges bara i T1 och T2" (as before kinds were data), or that the kind asks none. */
function forecastTerms(kind: Kind): string {
  const terms = kind.asksForecast;
  if (!terms.length) return `Prognos för helår anges inte för ${kind.plural}`;
  const list = terms.length === 1 ? terms[0] : `${terms.slice(0, -1).join(', ')} och ${terms[terms.length - 1]}`;
  return `Prognos för helår anges bara i ${list}`;
}

const ACTION_VERBS: Record<ReportAction, string> = { save: 'ändras', submit: 'skickas in', return: 'returneras', approve: 'godkännas', reopen: 'öppnas igen' };

function periodClosed(periodId: string) {
  return conflict(`Perioden ${periodId} är stängd och kan inte ändras`);
}

function emptyToNull(v: string | null): string | null {
  return v === null || v.trim() === '' ? null : v.trim();
}

