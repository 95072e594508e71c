import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AppConfig } from '../../config/env.js';

/** One KPI's figures for one municipality and year, as Kolada sends them. */
export const KoladaRecord = z.object({
  kpi: z.string(),
  municipality: z.string(),
  period: z.coerce.number().int(),
  values: z.array(z.object({ gender: z.string(), value: z.number().nullable().optional(), status: z.string().nullable().optional(), count: z.number().nullable().optional() })),
});
export type KoladaRecord = z.infer<typeof KoladaRecord>;

const KoladaPage = z.object({ values: z.array(KoladaRecord), count: z.number().optional(), next_page: z.string().nullable().optional() });

/** A fetch that failed; `message` is Swedish, for the indicator page ("hämtningen misslyckas: …"). */
export class KoladaError extends Error {}

const MAX_PAGES = 10_000;

/**
 * Kolada's data API (`KOLADA_URL`, default https://api.kolada.se/v2): every KPI's values for one
 * municipality and some years, in as few requests as `KOLADA_MAX_URL` allows, following `next_page`.
 * Each request has `KOLADA_TIMEOUT_MS`; anything but a well-formed answer is a `KoladaError`.
 */
@Injectable()
export class KoladaClient {
  constructor(private readonly config: AppConfig) {}

  /** The request URLs for these KPIs: ids packed into as few URLs of at most KOLADA_MAX_URL characters as they fit. */
  urls(kpis: readonly string[], municipality: string, years: readonly number[]): string[] {
    const base = `${this.config.env.KOLADA_URL.replace(/\/$/u, '')}/data/kpi/`;
    const tail = `/municipality/${encodeURIComponent(municipality)}/year/${years.join(',')}`;
    const room = this.config.env.KOLADA_MAX_URL - base.length - tail.length;
    const urls: string[] = [];
    let batch: string[] = [];
    let length = 0;
    for (const kpi of [...new Set(kpis)].sort()) {
      const id = encodeURIComponent(kpi);
      if (batch.length && length + 1 + id.length > room) {
        urls.push(base + batch.join(',') + tail);
        batch = [];
        length = 0;
      }
      length += (batch.length ? 1 : 0) + id.length;
      batch.push(id);
    }
    if (batch.length) urls.push(base + batch.join(',') + tail);
    return urls;
  }

  /** Every record for the KPIs, all pages of all requests; throws `KoladaError` on any failure. */
  async fetch(kpis: readonly string[], municipality: string, years: readonly number[]): Promise<{ records: KoladaRecord[]; requests: number }> {
    const records: KoladaRecord[] = [];
    let requests = 0;
    for (const first of this.urls(kpis, municipality, years)) {
      let url: string | null = first;
      for (let page = 0; url; page++) {
        if (page >= MAX_PAGES) throw new KoladaError(`Kolada skickade fler än ${MAX_PAGES} sidor`);
        const body = await this.get(url);
        requests++;
        records.push(...body.values);
        url = body.next_page ? this.nextPage(body.next_page) : null;
      }
    }
    return { records, requests };
  }

  /** `next_page` must stay on Kolada's server (an answer cannot send the worker elsewhere). */
  private nextPage(next: string): string {
    const base = new URL(this.config.env.KOLADA_URL);
    let url: URL;
    try {
      url = new URL(next, base);
    } catch {
      throw new KoladaError('Kolada skickade en ogiltig nästa sida');
    }
    if (url.origin !== base.origin) throw new KoladaError('Kolada hänvisade till en annan server');
    return url.toString();
  }

  private async get(url: string): Promise<z.infer<typeof KoladaPage>> {
    const timeout = this.config.env.KOLADA_TIMEOUT_MS;
    let text: string;
    try {
      const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeout) });
      text = await res.text();
      if (!res.ok) throw new KoladaError(`Kolada svarade ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
    } catch (e) {
      if (e instanceof KoladaError) throw e;
      const err = e as Error & { cause?: { code?: string; message?: string } };
      if (err.name === 'TimeoutError' || err.name === 'AbortError') throw new KoladaError(`Kolada svarade inte inom ${timeout / 1000} s`);
      throw new KoladaError(`Kolada kunde inte nås (${err.cause?.code ?? err.cause?.message ?? err.message})`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new KoladaError('Kolada skickade ett svar som inte är giltig JSON');
    }
    const parsed = KoladaPage.safeParse(json);
    if (!parsed.success) throw new KoladaError('Kolada skickade ett svar i ett okänt format');
    return parsed.data;
  }
}
