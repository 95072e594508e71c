import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { KoladaGender } from '@uppsikt/shared';
import { Clock } from '../../common/clock.js';
import { AppConfig } from '../../config/env.js';
import { AuditService } from '../audit/audit.service.js';
import { valueSnapshot } from './indicator.mapper.js';
import { IndicatorRepository, type KoladaValue } from './indicator.repository.js';
import { KoladaClient, KoladaError, type KoladaRecord } from './kolada.client.js';

export interface SyncResult {
  skipped?: string;
  indicators: number;
  requests: number;
  written: number;
}

/**
 * The Kolada fetch (worker only): every Kolada-linked indicator's KPI for KOLADA_MUNICIPALITY and
 * the last KOLADA_YEARS years. All pages are fetched before anything is written, then written in
 * one transaction: a failure part-way leaves the last good values as they were. A failure marks
 * the indicators `failing` with the reason and is thrown, so BullMQ retries with backoff.
 * A year typed by hand is never overwritten; a null value (for the indicator's gender) means no
 * value that year, so nothing is written and a value fetched before is kept.
 */
@Injectable()
export class KoladaSync {
  private readonly logger = new Logger(KoladaSync.name);

  constructor(
    private readonly em: EntityManager,
    private readonly repo: IndicatorRepository,
    private readonly client: KoladaClient,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async run(): Promise<SyncResult> {
    const municipality = this.config.env.KOLADA_MUNICIPALITY;
    if (!municipality) return { skipped: 'KOLADA_MUNICIPALITY is not set', indicators: 0, requests: 0, written: 0 };
    const linked = await this.repo.linked();
    if (!linked.length) return { indicators: 0, requests: 0, written: 0 };
    const thisYear = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Stockholm' }).format(this.clock.now()));
    const years = Array.from({ length: this.config.env.KOLADA_YEARS }, (_, i) => thisYear - this.config.env.KOLADA_YEARS + 1 + i);
    const ids = linked.map((l) => l.id);

    let fetched: { records: KoladaRecord[]; requests: number };
    try {
      fetched = await this.client.fetch(linked.map((l) => l.kpi), municipality, years);
    } catch (e) {
      const message = e instanceof KoladaError ? e.message : `Oväntat fel: ${(e as Error).message}`;
      await this.repo.markFailing(ids, message);
      this.logger.warn(`Kolada fetch failed: ${message}`);
      throw e instanceof KoladaError ? e : new KoladaError(message);
    }

    // kpi → year → gender → value (a record sent twice, on two pages, counts once).
    const byKpi = new Map<string, Map<number, Map<string, number | null>>>();
    for (const r of fetched.records) {
      if (r.municipality !== municipality || !years.includes(r.period)) continue;
      const perYear = byKpi.get(r.kpi) ?? new Map<number, Map<string, number | null>>();
      byKpi.set(r.kpi, perYear);
      const genders = perYear.get(r.period) ?? new Map<string, number | null>();
      perYear.set(r.period, genders);
      for (const v of r.values) if (Number.isFinite(v.value) || v.value === null || v.value === undefined) genders.set(v.gender, v.value ?? null);
    }

    const now = this.clock.now();
    let written = 0;
    await this.em.transactional(async (em) => {
      // One writer at a time (two worker processes, or a manual fetch beside the daily one): the
      // second compares with what the first wrote, so no change is written or logged twice.
      await this.repo.lockSync(em);
      const stored = new Map<string, { value: number | null; women: number | null; men: number | null; source: string }>();
      for (const v of await this.repo.valuesOf(em, ids)) stored.set(`${v.indicator_id}|${v.year}`, v);
      const upserts: KoladaValue[] = [];
      for (const ind of linked) {
        const changes: Record<string, { before: unknown; after: unknown }> = {};
        for (const [year, genders] of byKpi.get(ind.kpi) ?? []) {
          const value = genders.get(ind.gender as KoladaGender) ?? null;
          if (value === null) continue;
          const next = { value, women: genders.get('K') ?? null, men: genders.get('M') ?? null };
          const old = stored.get(`${ind.id}|${year}`);
          if (old?.source === 'manual') continue;
          if (old && old.value === next.value && old.women === next.women && old.men === next.men) continue;
          upserts.push({ indicatorId: ind.id, year, ...next });
          changes[`values.${year}`] = { before: valueSnapshot(old ? { ...old, source: undefined } : null), after: valueSnapshot(next) };
        }
        if (Object.keys(changes).length) {
          this.audit.record(em, null, { action: 'indicator.synced', entity: 'indicator', entityId: ind.id, caseReference: ind.caseReference, changes });
        }
      }
      await this.repo.upsertKolada(em, upserts, now);
      await this.repo.markSynced(em, ids, now);
      written = upserts.length;
    });
    return { indicators: linked.length, requests: fetched.requests, written };
  }
}
