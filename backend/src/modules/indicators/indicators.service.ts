import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { JobName, MAX_INDICATOR_YEAR, MIN_INDICATOR_YEAR, type Indicator, type IndicatorCreate, type IndicatorPatch, type IndicatorValuePut } from '@uppsikt/shared';
import { Clock } from '../../common/clock.js';
import { badRequest, conflict, forbidden, notFound, staleVersion } from '../../common/errors.js';
import { UUID_RE } from '../../common/ids.js';
import { isReviewer, type Principal } from '../../common/principal.js';
import { AppConfig } from '../../config/env.js';
import { ReadCache } from '../../infra/cache/read-cache.js';
import { Scope } from '../../infra/cache/scope.js';
import { JobQueue } from '../../infra/queue/job-queue.js';
import { AuditService, diff } from '../audit/audit.service.js';
import { indicatorSnapshot, toIndicator, valueSnapshot } from './indicator.mapper.js';
import { IndicatorRepository, type IndicatorFields, type IndicatorForWrite } from './indicator.repository.js';
import { koladaJobOptions } from './kolada-options.js';

/**
 * Indicators on cases: reads (cached per case, the same body for every role: indicators are
 * published figures, so readers see them as reviewers do), writes with their case-history entries
 * in the same transaction, and the request for a Kolada fetch (queued; nothing here waits for Kolada).
 */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly em: EntityManager,
    private readonly repo: IndicatorRepository,
    private readonly audit: AuditService,
    private readonly cache: ReadCache,
    private readonly clock: Clock,
    private readonly queue: JobQueue,
    private readonly config: AppConfig,
  ) {}

  /** `[Indicator]` of a case as JSON. */
  list(reference: string): Promise<Buffer> {
    return this.cache.json(`indicators|${reference}`, [Scope.case(reference)], async () => {
      const rows = await this.repo.ofCase(reference);
      if (!rows) throw notFound(`Ärendet ${reference}`);
      return rows.map(toIndicator);
    });
  }

  /** Every indicator as JSON, or those whose `met` is `met` (the list of indicators off target). Kept until any indicator changes. */
  all(met?: boolean): Promise<Buffer> {
    return this.cache.json(`indicators-all|${met ?? '*'}`, [Scope.indicators()], async () => {
      const all = (await this.repo.all()).map(toIndicator);
      return met === undefined ? all : all.filter((i) => i.met === met);
    });
  }

  async create(actor: Principal, reference: string, input: IndicatorCreate): Promise<Indicator> {
    return this.em.transactional(async (em) => {
      const c = await this.repo.caseForWrite(em, reference);
      if (!c) throw notFound(`Ärendet ${reference}`);
      const fields: IndicatorFields = {
        name: input.name,
        unit: input.unit || null,
        direction: input.direction,
        target: input.target ?? null,
        targetYear: input.targetYear ?? null,
        baseline: input.baseline ?? null,
        koladaKpi: input.kolada?.kpi ?? null,
        koladaGender: input.kolada ? input.kolada.gender : null,
      };
      const id = await this.repo.insert(em, c.id, fields, this.clock.now());
      const row = (await this.repo.byId(id, em))!;
      this.audit.record(em, actor, { action: 'indicator.created', entity: 'indicator', entityId: id, caseReference: reference, changes: diff({}, indicatorSnapshot(row)) });
      return toIndicator(row);
    });
  }

  async patch(actor: Principal, id: string, input: IndicatorPatch): Promise<Indicator> {
    return this.em.transactional(async (em) => {
      const current = await this.load(em, id);
      if (input.version !== current.version) throw staleVersion();
      const kolada = input.kolada === undefined ? (current.kolada_kpi ? { kpi: current.kolada_kpi, gender: current.kolada_gender! } : null) : input.kolada;
      const fields: IndicatorFields = {
        name: input.name ?? current.name,
        unit: input.unit === undefined ? current.unit : input.unit || null,
        direction: input.direction ?? current.direction,
        target: input.target === undefined ? current.target : input.target,
        targetYear: input.targetYear === undefined ? current.target_year : input.targetYear,
        baseline: input.baseline === undefined ? current.baseline : input.baseline,
        koladaKpi: kolada?.kpi ?? null,
        koladaGender: kolada ? kolada.gender : null,
      };
      const before = indicatorSnapshot(current);
      const after = indicatorSnapshot({ ...current, name: fields.name, unit: fields.unit, direction: fields.direction, target: fields.target, target_year: fields.targetYear, baseline: fields.baseline, kolada_kpi: fields.koladaKpi, kolada_gender: fields.koladaGender });
      const changes = diff(before, after);
      if (!Object.keys(changes).length) return toIndicator(current);
      const linkChanged = fields.koladaKpi !== current.kolada_kpi || fields.koladaGender !== current.kolada_gender;
      // Values fetched for another KPI or gender are not this indicator's; unlinking keeps them (they become editable).
      if (linkChanged && fields.koladaKpi) {
        const dropped = current.values.filter((v) => v.source === 'Kolada');
        await this.repo.deleteKoladaValues(em, id);
        for (const v of dropped) changes[`values.${v.year}`] = { before: valueSnapshot(v), after: null };
      }
      await this.repo.update(em, id, fields, linkChanged, this.clock.now());
      this.audit.record(em, actor, { action: 'indicator.updated', entity: 'indicator', entityId: id, caseReference: current.case_reference, changes });
      return toIndicator((await this.repo.byId(id, em))!);
    });
  }

  async remove(actor: Principal, id: string): Promise<void> {
    await this.em.transactional(async (em) => {
      const current = await this.load(em, id);
      const changes = diff(indicatorSnapshot(current), {});
      for (const v of current.values) changes[`values.${v.year}`] = { before: valueSnapshot(v), after: null };
      await this.repo.delete(em, id);
      this.audit.record(em, actor, { action: 'indicator.deleted', entity: 'indicator', entityId: id, caseReference: current.case_reference, changes });
    });
  }

  /** A year's value typed by an editor of the case's lead body or a reviewer; a Kolada year is not overwritten (409). */
  async putValue(actor: Principal, id: string, yearText: string, input: IndicatorValuePut): Promise<Indicator> {
    const year = parseYear(yearText);
    return this.em.transactional(async (em) => {
      const current = await this.load(em, id);
      if (!isReviewer(actor) && !actor.editorOf.includes(current.lead_body)) throw forbidden('Bara huvudansvarig nämnds handläggare och granskare kan skriva in värden');
      if (input.version !== undefined && input.version !== current.version) throw staleVersion();
      const existing = current.values.find((v) => v.year === year);
      if (existing?.source === 'Kolada' && current.kolada_kpi) {
        throw conflict(`Värdet för ${year} är hämtat från Kolada och kan inte ändras för hand`, [{ path: 'year', message: 'Hämtat från Kolada' }]);
      }
      const next = { value: input.value, women: input.women ?? null, men: input.men ?? null, note: input.note || null };
      const now = this.clock.now();
      const clear = next.value === null && next.women === null && next.men === null;
      if (clear) {
        if (!existing) return toIndicator(current);
        await this.repo.deleteValue(em, id, year);
      } else {
        const same = existing && existing.source === 'manual' && existing.value === next.value && existing.women === next.women && existing.men === next.men && existing.note === next.note;
        if (same) return toIndicator(current);
        await this.repo.upsertManual(em, id, year, next, now);
      }
      await this.repo.touch(em, id, now);
      this.audit.record(em, actor, {
        action: 'indicator.value',
        entity: 'indicator',
        entityId: id,
        caseReference: current.case_reference,
        changes: { [`values.${year}`]: { before: valueSnapshot(existing), after: clear ? null : valueSnapshot({ ...next, source: 'manual' }) } },
      });
      return toIndicator((await this.repo.byId(id, em))!);
    });
  }

  /** Queues a Kolada fetch of every linked indicator (one at a time: a second request while one waits is the same job). */
  async requestSync(): Promise<{ queued: boolean; message: string }> {
    if (!this.config.env.KOLADA_MUNICIPALITY) return { queued: false, message: 'Kolada är inte inställt (KOLADA_MUNICIPALITY saknas); inget hämtas.' };
    await this.queue.add(JobName.KoladaSync, { reason: 'manual' }, { ...koladaJobOptions(this.config), deduplication: { id: 'kolada-sync-manual' } });
    return { queued: true, message: 'Hämtningen från Kolada har köats.' };
  }

  private async load(em: EntityManager, id: string): Promise<IndicatorForWrite> {
    const found = UUID_RE.test(id) ? await this.repo.forWrite(em, id) : null;
    if (!found) throw notFound('Indikatorn');
    return found;
  }
}

function parseYear(text: string): number {
  const year = /^\d{4}$/u.test(text) ? Number(text) : NaN;
  if (!(year >= MIN_INDICATOR_YEAR && year <= MAX_INDICATOR_YEAR)) {
    throw badRequest('Ogiltigt år', [{ path: 'year', message: `Årtalet ska ligga mellan ${MIN_INDICATOR_YEAR} och ${MAX_INDICATOR_YEAR}` }]);
  }
  return year;
}
