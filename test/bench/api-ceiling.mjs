// The ceiling for api.bench.mjs: a bare Fastify + pg server answering Uppsikt's READ requests with
// the same SQL (copied from the backend's repositories) and the same JSON shape. It authenticates
// every request with the same session-cookie lookup as Uppsikt, so the comparison is fair.
// Started by api.bench.mjs as its own process: DATABASE_URL, PORT, DB_POOL_MAX.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pg from 'pg';
import { root } from './lib.mjs';

const requireBackend = createRequire(join(root, 'backend', 'package.json'));
const Fastify = requireBackend('fastify');
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX ?? 10) });
const app = Fastify({ logger: false });

const PRINCIPAL_COLUMNS = `u.id, u.email, u.name, u.workflow_mail,
  (select coalesce(json_agg(json_build_object('role', g.role, 'body', g.body_code) order by g.role, g.body_code), '[]'::json)
     from role_grant g where g.user_id = u.id) as grants`;
const SESSION_SQL = `select ${PRINCIPAL_COLUMNS}, s.last_seen_at from session s join app_user u on u.id = s.user_id
       where s.id = $1 and s.last_seen_at > $2 and u.active`;

// Named statements, as Uppsikt's Sql (backend/src/infra/database/sql.ts): each is planned once per connection.
const names = new Map();
async function query(text, values = []) {
  let name = names.get(text);
  if (!name) names.set(text, (name = `c_${createHash('sha1').update(text).digest('base64url').slice(0, 24)}`));
  return (await pool.query({ name, text, values })).rows;
}

app.addHook('onRequest', async (req, reply) => {
  const m = /(?:^|;\s*)uppsikt_session=([^;]+)/u.exec(req.headers.cookie ?? '');
  if (!m) return reply.code(401).send({ statusCode: 401, message: 'Inte inloggad' });
  const id = createHash('sha256').update(decodeURIComponent(m[1])).digest('hex');
  const rows = await query(SESSION_SQL, [id, new Date(Date.now() - 8 * 60 * 60_000)]);
  if (!rows[0]) return reply.code(401).send({ statusCode: 401, message: 'Din session har gått ut. Logga in igen.' });
  req.principal = rows[0];
});

const iso = (d) => (d ? new Date(d).toISOString() : null);

// ── GET /api/cases (CasesRepository.list) ─────────────────────────────────────────────────
function toPrefixTsQuery(q) {
  const words = q.normalize('NFC').split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0).slice(0, 12);
  return words.length ? words.map((w) => `${w.toLowerCase()}:*`).join(' & ') : null;
}
const CASE_COLUMNS = `c.reference, c.kind, c.title, c.text, c.lead_body_code, c.co_bodies, c.all_bodies,
  to_char(c.decided_on, 'YYYY-MM-DD') as decided_on, c.decision_ref, c.diary_number, to_char(c.due_on, 'YYYY-MM-DD') as due_on,
  c.related, c.state, c.closed_note, c.version, c.created_at, c.updated_at`;
const rowToCase = (r) => ({
  reference: r.reference, kind: r.kind, title: r.title, text: r.text, leadBody: r.lead_body_code, coBodies: r.co_bodies, allBodies: r.all_bodies,
  decidedOn: r.decided_on, decisionRef: r.decision_ref, diaryNumber: r.diary_number, dueOn: r.due_on, related: r.related, state: r.state,
  closedNote: r.closed_note, version: r.version, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
});
/** A list request's page, and its conditions and `$n` parameters as they are added. */
function listQuery(q) {
  const values = [];
  return { page: Number(q.page ?? 1), pageSize: Number(q.pageSize ?? 50), where: [], values, p: (v) => (values.push(v), `$${values.length}`) };
}
app.get('/api/cases', async (req) => {
  const q = req.query;
  const { page, pageSize, where, values, p } = listQuery(q);
  if (q.kind) where.push(`c.kind = ${p(q.kind)}`);
  if (q.state) where.push(`c.state = ${p(q.state)}`);
  if (q.body) {
    const body = p(q.body);
    where.push(`(c.lead_body_code = ${body} or ${body} = any(c.co_bodies) or (c.all_bodies and exists (select 1 from body b where b.code = ${body} and b.kind in ('nämnd', 'styrelse'))))`);
  }
  const tsq = q.q ? toPrefixTsQuery(q.q) : null;
  if (q.q && !tsq) where.push('false');
  let hits = '';
  if (tsq) {
    const tq = `to_tsquery('swedish', ${p(tsq)})`;
    // Report comments as CaseRepository.list reads them for those who see drafts (the bench searches as an editor).
    hits = `hits as (select s.id from "case" s where s.search @@ ${tq}
      union all select r.case_id from report r where r.search @@ ${tq}),`;
    where.push(`(c.id in (select id from hits) or c.reference ilike ${p(`${q.q.replace(/[%_\\]/gu, (m) => `\\${m}`)}%`)})`);
  }
  const from = `from "case" c ${where.length ? `where ${where.join(' and ')}` : ''}`;
  const limit = p(pageSize);
  const offset = p((page - 1) * pageSize);
  const rows = await query(
    `with ${hits} page as (select c.id ${from} order by c.reference_sort asc limit ${limit} offset ${offset})
     select ${CASE_COLUMNS},
            case when ${offset} = 0 and (select count(*) from page) < ${limit} then (select count(*) from page) else (select count(*) ${from}) end as total
       from page join "case" c on c.id = page.id
      order by c.reference_sort asc`,
    values,
  );
  return { items: rows.map(rowToCase), total: rows.length ? Number(rows[0].total) : 0 };
});

// ── reports with their case and contributions (ReportReadRepository) ─────────────────────
const REPORT_COLUMNS = `r.id, r.period_id, r.body_code, r.state, r.status, r.comment, r.forecast, r.trend, r.version, r.submitted_at, r.submitted_by_id,
  r.approved_at, r.approved_by_id, r.return_comment, r.updated_at, c.reference, c.kind, c.text, c.title,
  ct.body_code as ct_body, ct.text as ct_text, ct.written_at as ct_written_at, ct.version as ct_version`;
const swedish = new Intl.Collator('sv');
function toReports(rows) {
  const out = [];
  let last = null;
  for (const r of rows) {
    if (last?.id !== r.id) {
      last = {
        id: r.id, case: { reference: r.reference, kind: r.kind, text: r.text, title: r.title }, period: r.period_id, body: r.body_code,
        state: r.state, status: r.status, comment: r.comment, forecast: r.forecast, trend: r.trend, version: r.version,
        submittedAt: iso(r.submitted_at), submittedBy: r.submitted_by_id, approvedAt: iso(r.approved_at), approvedBy: r.approved_by_id,
        returnComment: r.return_comment, updatedAt: iso(r.updated_at), contributions: [],
      };
      out.push(last);
    }
    if (r.ct_body !== null) last.contributions.push({ body: r.ct_body, text: r.ct_text ?? '', updatedAt: iso(r.ct_written_at), version: r.ct_version ?? 0 });
  }
  for (const report of out) if (report.contributions.length > 1) report.contributions.sort((a, b) => swedish.compare(a.body, b.body));
  return out;
}

// ── GET /api/cases/:reference (CasesRepository.detail; the principal here is never a plain reader) ──
app.get('/api/cases/:reference', async (req, reply) => {
  const ref = req.params.reference;
  const [[row], reports] = await Promise.all([
    query(`select ${CASE_COLUMNS} from "case" c where c.reference = $1`, [ref]),
    query(`select ${REPORT_COLUMNS} from "case" c join report r on r.case_id = c.id  left join contribution ct on ct.report_id = r.id where c.reference = $1 order by r.period_id desc, r.id`, [ref]),
  ]);
  if (!row) return reply.code(404).send({ statusCode: 404, message: `Ärendet ${ref} finns inte` });
  return { ...rowToCase(row), reports: toReports(reports) };
});

// ── GET /api/cases/:reference/history (CasesRepository.history) ───────────────────────────
app.get('/api/cases/:reference/history', async (req, reply) => {
  const ref = req.params.reference;
  const rows = await query(
    `select e.id, e.at, e.actor_id, e.actor_name, e.action, e.entity, e.entity_id, e.changes
       from "case" c left join audit_event e on e.case_reference = c.reference
      where c.reference = $1 order by e.at desc, e.id desc`,
    [ref],
  );
  if (!rows.length) return reply.code(404).send({ statusCode: 404, message: `Ärendet ${ref} finns inte` });
  return rows.filter((e) => e.id !== null).map((e) => ({ id: e.id, at: iso(e.at), actor: e.actor_id, actorName: e.actor_name, action: e.action, entity: e.entity, entityId: e.entity_id, changes: e.changes }));
});

// ── GET /api/reports (ReportReadRepository.list) ──────────────────────────────────────────
app.get('/api/reports', async (req) => {
  const q = req.query;
  const { page, pageSize, where, values, p } = listQuery(q);
  if (q.period) where.push(`r.period_id = ${p(q.period)}`);
  if (q.body) where.push(`r.body_code = ${p(q.body)}`);
  if (q.state) where.push(`r.state = any(${p([q.state])}::text[])`);
  const from = `from report r join "case" c on c.id = r.case_id ${where.length ? `where ${where.join(' and ')}` : ''}`;
  const limit = p(pageSize);
  const offset = p((page - 1) * pageSize);
  const rows = await query(
    `with page as (select r.id, c.reference_sort, r.period_id ${from} order by c.reference_sort asc, r.period_id desc limit ${limit} offset ${offset})
     select ${REPORT_COLUMNS},
            case when ${offset} = 0 and (select count(*) from page) < ${limit} then (select count(*) from page) else (select count(*) ${from}) end as total
       from page join report r on r.id = page.id join "case" c on c.id = r.case_id left join contribution ct on ct.report_id = r.id
      order by page.reference_sort asc, page.period_id desc, r.id`,
    values,
  );
  return { items: toReports(rows), total: rows.length ? Number(rows[0].total) : 0 };
});

// ── GET /api/exports/followup?format=csv (AppendixCache + buildAppendix + renderCsv) ────────
// The same change token as ChangeTokens, with the appendix cache's scopes.
const TOKEN_SQL = `select coalesce(sum(n), 0)::text as token from read_change where scope = any($1::text[])`;
const HEADERS = ['Referens', 'Period', 'Nämnd', 'Status', 'Motivering/kommentar', 'Prognos helår'];
function csvField(value) {
  const guarded = /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
  return /[;",\r\n]|^\s|\s$/u.test(guarded) ? `"${guarded.replace(/"/gu, '""')}"` : guarded;
}
const references = new Intl.Collator('sv', { numeric: true, sensitivity: 'base' });
const KIND_FILE_LABEL = { assignment: 'uppdrag', supplementary_assignment: 'tillaggsuppdrag', goal: 'mal', programme_priority: 'programprioriteringar' };
const files = new Map();
async function renderCsv(q) {
  const params = [q.period, ['approved']];
  if (q.kind) params.push(q.kind);
  const rows = await query(
    `select r.id, c.reference, c.kind, c.title, c.text, r.state, r.status, r.comment, r.forecast, r.trend, r.body_code, b.name as body_name
       from report r join "case" c on c.id = r.case_id join body b on b.code = r.body_code
      where r.period_id = $1 and r.state = any($2::text[]) ${q.kind ? 'and c.kind = $3' : ''}`,
    params,
  );
  // The appendix model also loads contributions with text (the CSV does not show them, but builds them).
  for (let i = 0; i < rows.length; i += 5000) {
    await query(
      `select ct.report_id, ct.body_code, b.name as body_name, ct.text from contribution ct join body b on b.code = ct.body_code
        where ct.report_id = any($1::uuid[]) and btrim(ct.text) <> '' order by b.name`,
      [rows.slice(i, i + 5000).map((r) => r.id)],
    );
  }
  rows.sort((a, b) => references.compare(a.reference, b.reference));
  const lines = [HEADERS.map(csvField).join(';')];
  for (const r of rows) lines.push([r.reference, q.period, r.body_code, r.status ?? '', r.comment ?? '', r.forecast ?? ''].map(csvField).join(';'));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
app.get('/api/exports/followup', async (req, reply) => {
  const q = req.query;
  const [row] = await query(TOKEN_SQL, [['all', 'case', `period:${q.period}`, `reports:${q.period}`]]);
  const key = `csv|${q.period}|${q.kind ?? '*'}|approved|${row.token}`;
  let file = files.get(key);
  if (!file) files.set(key, (file = renderCsv(q)));
  const bytes = await file;
  const filename = `bilaga-1-${q.period}${q.kind ? `-${KIND_FILE_LABEL[q.kind]}` : ''}.csv`;
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .send(bytes);
});

// ── GET /api/overview (OverviewRepository.counts + OverviewService's roll-up; the kinds from the kind table) ──
const READABLE = ['submitted', 'approved'];
const GROUPINGS = {
  kind: { key: 'c.kind', name: 'null::text', sort: 'null::text', upRef: 'null::text', upName: 'null::text', join: '' },
  body: { key: 'r.body_code', name: 'b.name', sort: 'b.name', upRef: 'null::text', upName: 'null::text', join: 'join body b on b.code = r.body_code' },
  parent: { key: 'pc.reference', name: 'pc.title', sort: 'pc.reference_sort', upRef: 'gp.reference', upName: 'gp.title', join: 'left join "case" pc on pc.id = c.parent_id left join "case" gp on gp.id = pc.parent_id' },
};
let kinds = null;
const loadKinds = async () =>
  (kinds ??= new Map((await query('select key, plural, position, scale from kind order by position, key')).map((k) => [k.key, { plural: k.plural, position: k.position, scale: k.scale }])));
app.get('/api/overview', async (req, reply) => {
  const { period, groupBy = 'kind', under } = req.query;
  const g = GROUPINGS[groupBy];
  if (!g || !/^\d{4}-T[123]$/u.test(period ?? '')) return reply.code(400).send({ statusCode: 400, message: 'Ogiltiga sökparametrar' });
  const [[exists], [root]] = await Promise.all([query('select 1 from period where id = $1', [period]), under ? query('select id from "case" where reference = $1', [under]) : [null]]);
  if (!exists || (under && !root)) return reply.code(400).send({ statusCode: 400, message: 'Okänd period eller okänt ärende' });
  const values = [period, READABLE];
  if (root) values.push(root.id);
  const subtreeAt = (n) => (root ? `with recursive sub(id) as (select c.id from "case" c where c.parent_id = $${n}::uuid union select c.id from "case" c join sub on c.parent_id = sub.id) ` : '');
  const subtree = subtreeAt(3);
  const [rows, targets, byKey] = await Promise.all([
    query(
      `${subtree}select ${g.key} as key, ${g.name} as name, ${g.upRef} as up_ref, ${g.upName} as up_name,
              c.kind, case when r.state = any($2::text[]) then r.status end as status, count(*) as n
         from report r join "case" c on c.id = r.case_id ${g.join}
        where r.period_id = $1 ${root ? 'and r.case_id in (select id from sub)' : ''}
        group by 1, 2, 3, 4, 5, 6, ${g.sort}
        order by ${g.sort} nulls last, 1 nulls last`,
      values,
    ),
    // OverviewRepository.targets: indicators with a target and a value up to the period's year, per group.
    query(
      `${subtreeAt(2)}select ${g.key} as key,
              count(distinct i.id) filter (where case when i.direction = 'higher' then l.value >= i.target else l.value <= i.target end) as met,
              count(distinct i.id) as total
         from report r join "case" c on c.id = r.case_id ${g.join}
         join indicator i on i.case_id = c.id and i.target is not null
         join lateral (select v.value from indicator_value v
                        where v.indicator_id = i.id and v.value is not null and v.year <= (select year from period where id = $1)
                        order by v.year desc limit 1) l on true
        where r.period_id = $1 ${root ? 'and r.case_id in (select id from sub)' : ''}
        group by 1`,
      root ? [period, root.id] : [period],
    ),
    loadKinds(),
  ]);
  const met = new Map(targets.map((t) => [t.key, { met: Number(t.met), total: Number(t.total) }]));
  const groups = new Map();
  for (const r of rows) {
    const list = groups.get(r.key);
    if (list) list.push(r);
    else groups.set(r.key, [r]);
  }
  const position = (kind) => byKey.get(kind)?.position ?? Number.MAX_SAFE_INTEGER;
  const out = [...groups.entries()].map(([key, list]) => {
    const counts = [];
    const at = new Map();
    for (const kind of [...new Set(list.map((r) => r.kind))].sort((a, b) => position(a) - position(b) || a.localeCompare(b))) {
      for (const v of byKey.get(kind)?.scale ?? []) {
        if (at.has(v.value)) continue;
        const c = { value: v.value, colour: v.colour, count: 0 };
        at.set(v.value, c);
        counts.push(c);
      }
    }
    let notReported = 0;
    for (const r of list) {
      const n = Number(r.n);
      if (r.status === null) {
        notReported += n;
        continue;
      }
      let c = at.get(r.status);
      if (!c) {
        c = { value: r.status, colour: 'grey', count: 0 };
        at.set(r.status, c);
        counts.push(c);
      }
      c.count += n;
    }
    const name = groupBy === 'kind' ? (byKey.get(key)?.plural ?? key) : key === null ? 'Utan överordnad' : (list[0].name ?? key);
    const up = list[0];
    return { key, name, total: list.reduce((n, r) => n + Number(r.n), 0), notReported, counts, targetsMet: met.get(key)?.met ?? 0, targetsTotal: met.get(key)?.total ?? 0, parent: up.up_ref === null ? null : { reference: up.up_ref, name: up.up_name ?? up.up_ref } };
  });
  if (groupBy === 'kind') out.sort((a, b) => position(a.key) - position(b.key) || a.key.localeCompare(b.key));
  if (groupBy === 'body') out.sort((a, b) => a.name.localeCompare(b.name, 'sv') || a.key.localeCompare(b.key));
  return { period, groupBy, under: under ?? null, groups: out };
});

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
