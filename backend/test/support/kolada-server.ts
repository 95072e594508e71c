import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One KPI's figures for one year: T total, K women, M men (null: Kolada has no value). */
export type Figures = Partial<Record<'T' | 'K' | 'M', number | null>>;

/** What the next request gets instead of data. */
export type Fault = '500' | 'hang' | 'malformed' | 'wrong-shape';

/**
 * A local HTTP server speaking Kolada's v2 data format, on loopback, for tests and benches:
 * `GET /v2/data/kpi/{id,id,…}/municipality/{m}/year/{y,y,…}` answered as
 * `{values: [{kpi, municipality, period, values: [{gender, value, status, count}]}], count, next_page?}`,
 * `pageSize` records a page. Faults queued with `fail()` are served first, one per request.
 */
export class KoladaServer {
  readonly data = new Map<string, Map<number, Figures>>();
  readonly requests: string[] = [];
  private faults: Fault[] = [];
  private server!: Server;
  private sockets = new Set<Socket>();
  pageSize = 100;
  alwaysFail: Fault | null = null;

  static async start(): Promise<KoladaServer> {
    const k = new KoladaServer();
    k.server = createServer((req, res) => k.handle(req, res));
    k.server.on('connection', (s) => {
      k.sockets.add(s);
      s.on('close', () => k.sockets.delete(s));
    });
    await new Promise<void>((resolve) => k.server.listen(0, '127.0.0.1', resolve));
    return k;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v2`;
  }

  set(kpi: string, year: number, figures: Figures): void {
    const years = this.data.get(kpi) ?? new Map<number, Figures>();
    this.data.set(kpi, years);
    years.set(year, figures);
  }

  fail(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.requests.push(req.url ?? '');
    const fault = this.faults.shift() ?? this.alwaysFail;
    if (fault === 'hang') return; // never answers; the client's time-out ends it
    if (fault === '500') {
      res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>Internal Server Error</h1>');
      return;
    }
    if (fault === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"values": [{"kpi": "N0');
      return;
    }
    if (fault === 'wrong-shape') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"rows": []}');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/v2\/data\/kpi\/([^/]+)\/municipality\/(\d+)\/year\/([\d,]+)$/u.exec(url.pathname);
    if (!m) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error": "not found"}');
      return;
    }
    const kpis = decodeURIComponent(m[1]).split(',');
    const municipality = m[2];
    const years = m[3].split(',').map(Number);
    const all: unknown[] = [];
    for (const kpi of kpis) {
      for (const year of years) {
        const f = this.data.get(kpi)?.get(year);
        if (!f) continue;
        all.push({
          kpi,
          municipality,
          period: year,
          values: Object.entries(f).map(([gender, value]) => ({ gender, value, status: value === null ? 'Missing' : '', count: 1 })),
        });
      }
    }
    const page = Number(url.searchParams.get('page') ?? '1');
    const slice = all.slice((page - 1) * this.pageSize, page * this.pageSize);
    const more = page * this.pageSize < all.length;
    const next = new URL(`${this.url}${url.pathname.slice(3)}`);
    next.searchParams.set('page', String(page + 1));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ values: slice, count: slice.length, ...(more ? { next_page: next.toString() } : {}) }));
  }
}
