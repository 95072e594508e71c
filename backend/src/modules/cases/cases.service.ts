import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { CaseCreate, CaseDetail, CasePatch, Case, HistoryEvent } from '@uppsikt/shared';
import { compareReferences } from '@uppsikt/shared';
import { Clock } from '../../common/clock.js';
import { badRequest, conflict, notFound, staleVersion, type ErrorDetail } from '../../common/errors.js';
import { seesOnlySubmitted, type Principal } from '../../common/principal.js';
import { pgArray } from '../../common/pg-array.js';
import { ReadCache } from '../../infra/cache/read-cache.js';
import { Scope } from '../../infra/cache/scope.js';
import { AuditService, diff } from '../audit/audit.service.js';
import { BodyEntity } from '../bodies/body.entity.js';
import { PeriodEntity } from '../periods/period.entity.js';
import { addContributionSlots, createReportSlots } from '../reports/report-slots.js';
import { CaseEntity, referenceSortKey } from './case.entity.js';
import { toPrefixTsQuery } from './case-search.js';
import { caseSnapshot, caseView } from './case.view.js';
import { CasesRepository, type CaseListFilter } from './cases.repository.js';

@Injectable()
export class CasesService {
  constructor(
    private readonly em: EntityManager,
    private readonly repo: CasesRepository,
    private readonly audit: AuditService,
    private readonly cache: ReadCache,
    private readonly clock: Clock,
  ) {}

  /** `{items: [Case], total}` as JSON. Filters on report years or statuses read every report: not kept. */
  list(p: Principal, query: CaseListFilter): Promise<Buffer> {
    // Readers search the comments of reports they may see, not drafts.
    const filter: CaseListFilter = query.q && seesOnlySubmitted(p) ? { ...query, publishedOnly: true } : query;
    // A search moves with the cases and with the report words its terms match (drafts only for those who see drafts).
    const tsq = filter.q ? toPrefixTsQuery(filter.q) : null;
    const scopes = filter.year || filter.status ? null : tsq ? [Scope.cases(), Scope.text(filter.publishedOnly ? 'published' : 'all', tsq)] : [Scope.cases()];
    return this.cache.json(`cases|${JSON.stringify(filter)}`, scopes, () => this.repo.list(filter));
  }

  /** The case page (`CaseDetail`) as JSON. */
  get(p: Principal, reference: string): Promise<Buffer> {
    const onlyPublished = seesOnlySubmitted(p);
    return this.cache.json(`case|${reference}|${onlyPublished}`, [Scope.case(reference)], async () => {
      const found = await this.repo.detail(reference, onlyPublished);
      if (!found) throw notFound(`Ärendet ${reference}`);
      return found satisfies CaseDetail;
    });
  }

  async create(actor: Principal, input: CaseCreate): Promise<Case> {
    return this.em.transactional(async (em) => {
      if (await em.findOne(CaseEntity, { reference: input.reference })) throw conflict(`Ärendet ${input.reference} finns redan`, [{ path: 'reference', message: 'Referensen används redan' }]);
      const lead = await this.checkOwners(em, input.leadBody, input.coBodies ?? []);
      await this.checkRelated(em, input.related ?? [], input.reference);
      const c = em.create(CaseEntity, {
        reference: input.reference,
        referenceSort: referenceSortKey(input.reference),
        kind: input.kind,
        title: input.title ?? null,
        text: input.text,
        leadBody: lead,
        coBodies: uniq(input.coBodies ?? []).filter((b) => b !== lead.code),
        allBodies: input.allBodies ?? false,
        decidedOn: input.decidedOn ?? null,
        decisionRef: input.decisionRef ?? null,
        diaryNumber: input.diaryNumber ?? null,
        dueOn: input.dueOn ?? null,
        related: uniq(input.related ?? []),
      });
      em.persist(c);
      await em.flush();
      // A case created while periods are open takes part in them at once.
      const open = await em.find(PeriodEntity, { state: 'open' });
      await createReportSlots(em, { periodIds: open.map((p) => p.id), caseIds: [c.id] });
      this.audit.record(em, actor, { action: 'case.created', entity: 'case', entityId: c.id, caseReference: c.reference, changes: diff({}, caseSnapshot(c)) });
      await em.flush();
      return caseView(c);
    });
  }

  async patch(actor: Principal, reference: string, input: CasePatch): Promise<Case> {
    return this.em.transactional(async (em) => {
      const c = await this.find(em, reference);
      if (input.version !== c.version) throw staleVersion();
      const before = caseSnapshot(c);
      const leadCode = input.leadBody ?? c.leadBody.code;
      const coBodies = input.coBodies ?? c.coBodies;
      const lead = await this.checkOwners(em, leadCode, coBodies);
      if (input.related) await this.checkRelated(em, input.related, reference);
      if (input.kind !== undefined) c.kind = input.kind;
      if (input.text !== undefined) c.text = input.text;
      if (input.title !== undefined) c.title = input.title ?? null;
      if (input.allBodies !== undefined) c.allBodies = input.allBodies;
      if (input.decidedOn !== undefined) c.decidedOn = input.decidedOn ?? null;
      if (input.decisionRef !== undefined) c.decisionRef = input.decisionRef ?? null;
      if (input.diaryNumber !== undefined) c.diaryNumber = input.diaryNumber ?? null;
      if (input.dueOn !== undefined) c.dueOn = input.dueOn ?? null;
      if (input.related !== undefined) c.related = uniq(input.related);
      c.leadBody = lead;
      c.coBodies = uniq(coBodies).filter((b) => b !== lead.code);
      const changes = diff(before, caseSnapshot(c));
      if (!Object.keys(changes).length) return caseView(c);
      this.audit.record(em, actor, { action: 'case.updated', entity: 'case', entityId: c.id, caseReference: c.reference, changes });
      await em.flush();
      // Ownership changes reach the reports of open periods that are still being written.
      const open = (await em.find(PeriodEntity, { state: 'open' })).map((p) => p.id);
      if (open.length && (changes.leadBody || changes.coBodies || changes.allBodies)) {
        if (changes.leadBody) {
          await em.execute(`update report set body_code = ?, version = version + 1, updated_at = now() where case_id = ? and period_id = any(?::text[]) and state in ('not_started', 'draft', 'returned')`, [lead.code, c.id, pgArray(open)], 'run');
        }
        await addContributionSlots(em, { periodIds: open, caseIds: [c.id] });
      }
      return caseView(c);
    });
  }

  async close(actor: Principal, reference: string, input: { outcome: 'completed' | 'cancelled'; note: string; version?: number }): Promise<Case> {
    return this.em.transactional(async (em) => {
      const c = await this.find(em, reference);
      if (input.version !== undefined && input.version !== c.version) throw staleVersion();
      if (c.state !== 'active') throw conflict('Ärendet är redan avslutat');
      c.state = input.outcome;
      c.closedNote = input.note || null;
      c.closedAt = this.clock.now();
      this.audit.record(em, actor, {
        action: 'case.closed',
        entity: 'case',
        entityId: c.id,
        caseReference: c.reference,
        changes: { state: { before: 'active', after: input.outcome }, closedNote: { before: null, after: c.closedNote } },
      });
      await em.flush();
      return caseView(c);
    });
  }

  /** The case history (`[HistoryEvent]`) as JSON. */
  history(p: Principal, reference: string): Promise<Buffer> {
    const onlyPublished = seesOnlySubmitted(p);
    return this.cache.json(`history|${reference}|${onlyPublished}`, [Scope.case(reference)], async () => {
      const found = await this.repo.history(reference, onlyPublished);
      if (!found) throw notFound(`Ärendet ${reference}`);
      return found satisfies HistoryEvent[];
    });
  }

  async find(em: EntityManager, reference: string): Promise<CaseEntity> {
    const c = await em.findOne(CaseEntity, { reference }, { populate: ['leadBody'] });
    if (!c) throw notFound(`Ärendet ${reference}`);
    return c;
  }

  private async checkOwners(em: EntityManager, lead: string, coBodies: string[]): Promise<BodyEntity> {
    const codes = uniq([lead, ...coBodies]);
    const bodies = await em.find(BodyEntity, { code: { $in: codes } });
    const details: ErrorDetail[] = [];
    const leadBody = bodies.find((b) => b.code === lead);
    if (!leadBody) details.push({ path: 'leadBody', message: `Nämnden ${lead} finns inte` });
    else if (!leadBody.active) details.push({ path: 'leadBody', message: `Nämnden ${lead} är inte aktiv` });
    coBodies.forEach((code, i) => {
      if (!bodies.some((b) => b.code === code)) details.push({ path: `coBodies.${i}`, message: `Nämnden ${code} finns inte` });
    });
    if (details.length) throw badRequest('Okänd nämnd', details);
    return leadBody!;
  }

  private async checkRelated(em: EntityManager, related: string[], self: string): Promise<void> {
    const refs = uniq(related);
    const details: ErrorDetail[] = [];
    if (refs.includes(self)) details.push({ path: 'related', message: 'Ett ärende kan inte vara relaterat till sig självt' });
    const found = await em.find(CaseEntity, { reference: { $in: refs.filter((r) => r !== self) } }, { fields: ['reference'] });
    for (const r of refs) if (r !== self && !found.some((f) => f.reference === r)) details.push({ path: 'related', message: `Ärendet ${r} finns inte` });
    if (details.length) throw badRequest('Okänt relaterat ärende', details);
  }
}

function uniq(values: string[]): string[] {
  return [...new Set(values)].sort(compareReferences);
}
