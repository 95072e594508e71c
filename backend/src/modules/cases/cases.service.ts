import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { CaseCreate, CaseDetail, CasePatch, Case, HistoryEvent } from '@uppsikt/shared';
import { Clock } from '../../common/clock.js';
import { badRequest, conflict, notFound, staleVersion, type ErrorDetail } from '../../common/errors.js';
import { returnCommentsOf, seesOnlySubmitted, withVisibleReturnComment, type Principal } from '../../common/principal.js';
import { ReadCache } from '../../infra/cache/read-cache.js';
import { Scope } from '../../infra/cache/scope.js';
import { AuditService } from '../audit/audit.service.js';
import { BodyEntity } from '../bodies/body.entity.js';
import { KindRegistry } from '../kinds/kind-registry.js';
import { CaseEntity } from './case.entity.js';
import { CaseRepository, type CaseListFilter } from './case.repository.js';
import { toPrefixTsQuery } from './case-search.js';
import { CaseWriter, uniq } from './case-writer.js';

@Injectable()
export class CasesService {
  constructor(
    private readonly em: EntityManager,
    private readonly repo: CaseRepository,
    private readonly writer: CaseWriter,
    private readonly audit: AuditService,
    private readonly cache: ReadCache,
    private readonly clock: Clock,
    private readonly kinds: KindRegistry,
  ) {}

  /** `{items: [Case], total}` as JSON. Filters on report years or statuses read every report: not kept. */
  async list(p: Principal, query: CaseListFilter): Promise<Buffer> {
    if (query.kind) await this.checkKind(query.kind);
    // Readers search the comments, and filter by the statuses, of reports they may see, not drafts.
    const filter: CaseListFilter = (query.q || query.status) && seesOnlySubmitted(p) ? { ...query, publishedOnly: true } : query;
    // A search moves with the cases and with the report words its terms match (drafts only for those who see drafts).
    const tsq = filter.q ? toPrefixTsQuery(filter.q) : null;
    const scopes = filter.year || filter.status ? null : tsq ? [Scope.cases(), Scope.text(filter.publishedOnly ? 'published' : 'all', tsq)] : [Scope.cases()];
    return this.cache.json(`cases|${JSON.stringify(filter)}`, scopes, () => this.repo.list(filter));
  }

  /** The case page (`CaseDetail`) as JSON; its ancestors and children are other cases' rows, so any case change moves it. */
  get(p: Principal, reference: string): Promise<Buffer> {
    const onlyPublished = seesOnlySubmitted(p);
    const comments = returnCommentsOf(p);
    return this.cache.json(`case|${reference}|${onlyPublished}|${JSON.stringify(comments)}`, [Scope.case(reference), Scope.cases()], async () => {
      const found = await this.repo.detail(reference, onlyPublished);
      if (!found) throw notFound(`Ärendet ${reference}`);
      return { ...found, reports: found.reports.map((r) => withVisibleReturnComment(comments, r)) } satisfies CaseDetail;
    });
  }

  /**
   * Each case's latest submitted or approved status as JSON (the same for every role: readers see
   * those states too). Kept until one of the cases changes: every report write names its case.
   */
  latestStatuses(references: readonly string[]): Promise<Buffer> {
    const refs = [...references].sort();
    return this.cache.json(`case-statuses|${JSON.stringify(refs)}`, refs.map((r) => Scope.case(r)), () => this.repo.latestStatuses(refs));
  }

  async create(actor: Principal, input: CaseCreate): Promise<Case> {
    return this.em.transactional(async (em) => {
      if (await em.findOne(CaseEntity, { reference: input.reference })) throw conflict(`Ärendet ${input.reference} finns redan`, [{ path: 'reference', message: 'Referensen används redan' }]);
      await this.checkKind(input.kind, em);
      const lead = await this.checkOwners(em, input.leadBody, input.coBodies ?? []);
      await this.checkRelated(em, input.related ?? [], input.reference);
      const fields = {
        kind: input.kind,
        text: input.text,
        leadBody: lead,
        title: input.title ?? null,
        coBodies: input.coBodies ?? [],
        allBodies: input.allBodies ?? false,
        allBodiesScope: input.allBodiesScope,
        parent: input.parent ?? null,
        decidedOn: input.decidedOn ?? null,
        decisionRef: input.decisionRef ?? null,
        diaryNumber: input.diaryNumber ?? null,
        dueOn: input.dueOn ?? null,
        related: input.related ?? [],
      };
      await this.writer.write(em, actor, [{ reference: input.reference, existing: null, fields }]);
      return this.readBack(em, input.reference);
    });
  }

  async patch(actor: Principal, reference: string, input: CasePatch): Promise<Case> {
    return this.em.transactional(async (em) => {
      const c = await this.repo.load(em, reference);
      if (input.version !== c.version) throw staleVersion();
      if (input.kind !== undefined) await this.checkKind(input.kind, em);
      const lead = await this.checkOwners(em, input.leadBody ?? c.leadBody.code, input.coBodies ?? c.coBodies);
      if (input.related) await this.checkRelated(em, input.related, reference);
      const fields = {
        kind: input.kind,
        text: input.text,
        leadBody: lead,
        title: orNull(input.title),
        coBodies: input.coBodies,
        allBodies: input.allBodies,
        allBodiesScope: input.allBodiesScope,
        parent: input.parent,
        decidedOn: orNull(input.decidedOn),
        decisionRef: orNull(input.decisionRef),
        diaryNumber: orNull(input.diaryNumber),
        dueOn: orNull(input.dueOn),
        related: input.related,
      };
      await this.writer.write(em, actor, [{ reference, existing: c, fields }]);
      return this.readBack(em, reference);
    });
  }

  async close(actor: Principal, reference: string, input: { outcome: 'completed' | 'cancelled'; note: string; version?: number }): Promise<Case> {
    return this.em.transactional(async (em) => {
      const c = await this.repo.load(em, reference);
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
      return this.readBack(em, reference);
    });
  }

  /** The case history (`[HistoryEvent]`) as JSON. */
  history(p: Principal, reference: string): Promise<Buffer> {
    const onlyPublished = seesOnlySubmitted(p);
    const comments = returnCommentsOf(p);
    return this.cache.json(`history|${reference}|${onlyPublished}|${JSON.stringify(comments)}`, [Scope.case(reference)], async () => {
      const found = await this.repo.history(reference, onlyPublished);
      if (!found) throw notFound(`Ärendet ${reference}`);
      return (comments === '*' ? found : await this.withoutHiddenReturnComments(reference, found, comments)) satisfies HistoryEvent[];
    });
  }

  /** Return comments (`returnComment` before/after) leave the history of reports of boards the user does not edit. */
  private async withoutHiddenReturnComments(reference: string, events: HistoryEvent[], boards: readonly string[]): Promise<HistoryEvent[]> {
    if (!events.some((e) => 'returnComment' in e.changes)) return events;
    const bodyOf = new Map((await this.repo.reportBodies(reference)).map((r) => [r.id, r.body]));
    return events.map((e) => {
      if (!('returnComment' in e.changes) || (e.entity === 'report' && boards.includes(bodyOf.get(e.entityId) ?? ''))) return e;
      const { returnComment: _hidden, ...changes } = e.changes;
      return { ...e, changes };
    });
  }

  /** A write's answer: the case read back in its transaction, as every read shows it. */
  private async readBack(em: EntityManager, reference: string): Promise<Case> {
    return (await this.repo.byReference(reference, em))!;
  }

  /** A case's kind must be a row of the kind table. */
  private async checkKind(key: string, tx?: EntityManager): Promise<void> {
    const kinds = await this.kinds.all(tx);
    if (!kinds.some((k) => k.key === key)) {
      const known = kinds.map((k) => k.key).join(', ');
      throw badRequest('Okänd typ', [{ path: 'kind', message: `Typen ${key} finns inte (${known})` }]);
    }
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

/** A patch field: undefined leaves it as it is, null or empty clears it. */
function orNull<T>(v: T | null | undefined): T | null | undefined {
  return v === undefined ? undefined : (v ?? null);
}
