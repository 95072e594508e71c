// API throughput at municipal scale (issue 7): a large municipality over ten years loaded straight
// into PostgreSQL, the built app (API + worker, NODE_ENV=production) driven by autocannon at 1, 10
// and 50 connections, and in the same run a bare Fastify + pg "ceiling" answering the same reads
// with the same SQL and JSON. Writes test/bench/results.json.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { benchEnvironment, freePort, root, smtpSink, stopChild, table } from './lib.mjs';

const require = createRequire(import.meta.url);
const hdr = createRequire(require.resolve('autocannon'))('hdr-histogram-js');

const SEED = Number(process.env.BENCH_SEED ?? 20261123);
const BODIES = 25;
const CASES = 3000;
const YEARS = 10;
const FIRST_YEAR = 2017;
const USERS = 2000;
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,10,50').split(',').map(Number);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
/** Thrown when a BENCH_KEEP run is told to stop: it measures nothing and cleans up. */
const KEPT = Symbol('kept');
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;

// ── deterministic data ──────────────────────────────────────────────────────────────────────
function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(SEED);
const pick = (arr) => arr[Math.floor(rnd() * arr.length)];

const BODY_NAMES = [
  ['KS', 'Kommunstyrelsen', 'styrelse'], ['BUN', 'Barn- och utbildningsnämnden', 'nämnd'], ['GVN', 'Gymnasie- och vuxenutbildningsnämnden', 'nämnd'],
  ['SOC', 'Socialnämnden', 'nämnd'], ['ÄLD', 'Äldrenämnden', 'nämnd'], ['FUN', 'Funktionsstödsnämnden', 'nämnd'], ['KUN', 'Kulturnämnden', 'nämnd'],
  ['FRI', 'Fritidsnämnden', 'nämnd'], ['MHN', 'Miljö- och hälsoskyddsnämnden', 'nämnd'], ['SBN', 'Stadsbyggnadsnämnden', 'nämnd'],
  ['TEN', 'Tekniska nämnden', 'nämnd'], ['AMN', 'Arbetsmarknadsnämnden', 'nämnd'], ['ÖFN', 'Överförmyndarnämnden', 'nämnd'], ['VAL', 'Valnämnden', 'nämnd'],
  ['RSN', 'Räddningsnämnden', 'nämnd'], ['IFN', 'Individ- och familjenämnden', 'nämnd'], ['SRN', 'Servicenämnden', 'nämnd'], ['KFN', 'Kultur- och fritidsnämnden', 'nämnd'],
  ['NÄR', 'Näringslivsnämnden', 'nämnd'], ['BYG', 'Byggnadsnämnden', 'nämnd'], ['LOK', 'Lokalnämnden', 'nämnd'], ['PAN', 'Personalnämnden', 'nämnd'],
  ['IAU', 'Integrationsnämnden', 'nämnd'], ['REV', 'Revisionsnämnden', 'nämnd'], ['KSAU', 'Kommunstyrelsens arbetsutskott', 'utskott'],
];
const SENTENCES = [
  'Nämnden ska under perioden utveckla arbetet med tidiga och samordnade insatser för barn och unga i behov av stöd.',
  'Kommunfullmäktige ger nämnden i uppdrag att ta fram en plan för minskad energianvändning i kommunens lokaler.',
  'Arbetet ska bedrivas i samverkan med civilsamhället, regionen och näringslivet i kommunen.',
  'Målet är att andelen elever som når kunskapskraven i samtliga ämnen ska öka varje år.',
  'Barnfattigdomen ska minska genom riktade insatser till familjer med långvarigt ekonomiskt bistånd.',
  'Tryggheten i stadens offentliga miljöer ska öka, särskilt i kvällstid och i kollektivtrafikens knutpunkter.',
  'Uppdraget omfattar en översyn av hemtjänstens planering och kontinuiteten för den enskilde brukaren.',
  'Kommunens klimatutsläpp ska halveras till år 2030 jämfört med utsläppen år 2015.',
  'En handlingsplan för ökad digitalisering av välfärdstjänsterna ska redovisas till kommunstyrelsen.',
  'Bostadsbyggandet ska öka och planberedskapen ska motsvara minst tre års behov av nya bostäder.',
  'Nämnden ska säkerställa att den fysiska tillgängligheten i kommunens verksamhetslokaler förbättras.',
  'Sjukfrånvaron bland medarbetarna ska minska genom ett systematiskt arbetsmiljöarbete.',
  'Föreningslivets villkor ska stärkas genom förenklade ansökningsprocesser för bidrag och lokaler.',
  'Andelen invånare som försörjer sig genom eget arbete ska öka, särskilt bland unga vuxna och utrikes födda.',
  'Insatserna för att motverka psykisk ohälsa bland unga ska samordnas mellan skola, socialtjänst och regionen.',
  'Vatten- och avloppsnätet ska förnyas i en takt som säkrar leveranssäkerheten på lång sikt.',
  'Kommunen ska erbjuda en trygg och meningsfull fritid med fler mötesplatser för unga i alla stadsdelar.',
  'Den ekonomiska uppföljningen visar att verksamheten bedrivs inom tilldelad budgetram.',
  'Arbetet har försenats på grund av svårigheter att rekrytera personal med rätt kompetens.',
  'En förstudie har genomförts och resultatet kommer att presenteras för nämnden under hösten.',
  'Samtliga enheter har tagit fram lokala handlingsplaner och arbetet följs upp varje månad.',
  'Brukarundersökningen visar en ökad nöjdhet jämfört med föregående år, men skillnaderna mellan enheterna är stora.',
  'Upphandlingen av nytt verksamhetssystem har överklagats, vilket påverkar tidplanen för införandet.',
  'Kollektivtrafikens andel av resorna ska öka och cykelvägnätet ska byggas ut enligt cykelplanen.',
  'Nämnden bedömer att uppdraget kommer att vara genomfört vid årets slut enligt den beslutade tidplanen.',
  'Ytterligare åtgärder krävs för att nå målet, bland annat en förstärkt samverkan med skolan.',
  'Kostnaderna för placeringar har ökat kraftigt och nämnden har tagit fram en åtgärdsplan.',
  'Medborgardialoger har genomförts i tre stadsdelar med sammanlagt drygt fyrahundra deltagare.',
  'Projektet finansieras delvis med statsbidrag och avslutas i samband med årsbokslutet.',
  'Den nya förskolan i norra stadsdelen har tagits i bruk och ger ett sjuttiotal nya platser.',
  'Antalet hushåll med långvarigt försörjningsstöd har minskat för tredje året i rad.',
  'Ett gemensamt ramverk för uppföljning av kvalitet och resultat har beslutats av kommunstyrelsen.',
  'Nämnden har i samråd med kommunstyrelsens förvaltning påbörjat en kartläggning av lokalbehovet.',
  'Arbetet med att minska matsvinnet i skolor och äldreboenden har gett tydliga resultat.',
  'Den digitala tillgängligheten har förbättrats och fler e-tjänster har lanserats under perioden.',
  'Trygghetsvandringar har genomförts tillsammans med polisen och lokala fastighetsägare.',
  'Uppföljningen visar att insatserna har haft effekt men att behovet fortfarande är stort.',
  'Biblioteken har utökat sina öppettider och erbjuder läxhjälp i samarbete med studieförbunden.',
  'Nämnden föreslår att uppdraget avslutas och att fortsatt arbete sker inom ordinarie verksamhet.',
  'Kompetensförsörjningsplanen har reviderats och innehåller nu åtgärder för att behålla erfarna medarbetare.',
];
// Case texts are composed of decision sentences, report comments of progress sentences (as in real follow-ups).
const DECISION = SENTENCES.filter((_, i) => i <= 16 || i === 23);
const PROGRESS = SENTENCES.filter((_, i) => !(i <= 16 || i === 23));
// In one decision sentence: the search finds roughly a third of the cases, on several pages.
const SEARCH_WORD = 'barnfattigdom';
// What officials search for during a run: decision words (case texts) and progress words (report comments).
const SEARCH_WORDS = [SEARCH_WORD, 'klimatutsläpp', 'hemtjänst', 'digitalisering', 'bostadsbyggande', 'energianvändning', 'förstudie', 'upphandling', 'brukarundersökning'];
const KINDS = [['assignment', 0.5], ['supplementary_assignment', 0.1], ['goal', 0.25], ['programme_priority', 0.15]];
const SCALES = {
  assignment: ['Genomfört', 'Delvis genomfört', 'Inte genomfört'],
  supplementary_assignment: ['Genomfört', 'Delvis genomfört', 'Inte genomfört'],
  goal: ['Helt uppfyllt', 'Delvis uppfyllt', 'Inte uppfyllt'],
  programme_priority: ['Enligt plan', 'Mer arbete krävs'],
  programme: ['Enligt plan', 'Mer arbete krävs'],
  focus_area: ['Enligt plan', 'Mer arbete krävs'],
};
const sortKey = (ref) => ref.toLowerCase().replace(/\d+/gu, (d) => d.padStart(10, '0'));
// A governance tree beside the flat cases (issue 14): 5 programmes × 5 focus areas × 6 priorities,
// each level reported every period on the programme scale, read by GET /api/overview.
const PROGRAMMES = 5;
const FOCUS_AREAS = 5;
const PRIORITIES = 6;
function treeRows() {
  const rows = [];
  const lead = (i) => BODY_NAMES[i % BODIES][0];
  for (let p = 1; p <= PROGRAMMES; p++) {
    const prg = `PRG${p}`;
    rows.push({ reference: prg, kind: 'programme', title: `Program ${p} för social hållbarhet`, lead: 'KS', parent: null });
    for (let f = 1; f <= FOCUS_AREAS; f++) {
      const fa = `${prg}:${f}`;
      rows.push({ reference: fa, kind: 'focus_area', title: `Fokusområde ${p}.${f}`, lead: lead(p * 7 + f), parent: prg });
      for (let k = 1; k <= PRIORITIES; k++) rows.push({ reference: `${fa}.${k}`, kind: 'programme_priority', title: `Prioritering ${p}.${f}.${k}`, lead: lead(p * 31 + f * 7 + k), parent: fa });
    }
  }
  return rows.map((r) => ({ ...r, sort: sortKey(r.reference) }));
}

function caseRows() {
  const rows = [];
  const perYear = {};
  for (let i = 0; i < CASES; i++) {
    const x = rnd();
    let acc = 0;
    const kind = KINDS.find(([, w]) => (acc += w) >= x)?.[0] ?? 'assignment';
    const year = FIRST_YEAR + Math.floor((i * YEARS) / CASES);
    perYear[year] = (perYear[year] ?? 0) + 1;
    const reference = kind === 'goal' ? `M${year}:${perYear[year]}` : kind === 'programme_priority' ? `P${year}:${perYear[year]}` : `${year}:${perYear[year]}`;
    const target = 200 + Math.floor(rnd() * 1800);
    let text = '';
    while (text.length < target) {
      const s = pick(DECISION);
      if (text.length + s.length + 1 > 2000) break;
      text += (text ? ' ' : '') + s;
    }
    const lead = 1 + Math.floor(rnd() * BODIES);
    const co = rnd() < 0.2 ? [...new Set([1 + Math.floor(rnd() * BODIES), 1 + Math.floor(rnd() * BODIES)])].filter((b) => b !== lead) : [];
    rows.push({ reference, sort: sortKey(reference), kind, text, lead: BODY_NAMES[lead - 1][0], co: co.map((b) => BODY_NAMES[b - 1][0]), decided: `${year}-0${1 + (i % 9)}-15` });
  }
  return rows;
}

async function loadData(db) {
  const t0 = performance.now();
  await db.query('set max_parallel_workers_per_gather = 0');
  await db.query(`insert into body (code, name, kind, active, email, created_at, updated_at, version)
    select b[1], b[2], b[3], true, lower(b[1]) || '@bench.se', now(), now(), 1 from jsonb_array_elements($1::jsonb) j, lateral (select array(select jsonb_array_elements_text(j)) as b) x`, [JSON.stringify(BODY_NAMES)]);
  // 30 periods; all closed but the last, which is open with its deadline a month ahead and no reminders (no mail during the run).
  const periods = [];
  for (let y = FIRST_YEAR; y < FIRST_YEAR + YEARS; y++) for (const t of ['T1', 'T2', 'T3']) periods.push({ id: `${y}-${t}`, year: y, term: t, end: `${y}-${t === 'T1' ? '04-30' : t === 'T2' ? '08-31' : '12-31'}` });
  const open = periods.at(-1).id;
  await db.query(`insert into period (id, year, term, period_end, submission_deadline, reminder_offsets, escalation_offsets, state, published, closed_at, published_at, created_at, updated_at, version)
    select p->>'id', (p->>'year')::int, p->>'term', (p->>'end')::date,
           case when p->>'id' = $2 then now() + interval '30 days' else (p->>'end')::date + 14 end,
           '{}', '{}', case when p->>'id' = $2 then 'open' else 'closed' end, p->>'id' <> $2,
           case when p->>'id' = $2 then null else (p->>'end')::date + 30 end, case when p->>'id' = $2 then null else (p->>'end')::date + 40 end, now(), now(), 1
      from jsonb_array_elements($1::jsonb) p`, [JSON.stringify(periods), open]);
  const cases = caseRows();
  await db.query(`insert into "case" (id, reference, reference_sort, kind, text, lead_body_code, co_bodies, all_bodies, decided_on, diary_number, related, state, created_at, updated_at, version)
    select md5('case' || t.n)::uuid, t.ref, t.sort, t.kind, t.text, t.lead, coalesce((select array_agg(x) from jsonb_array_elements_text(t.co) x), '{}'), false, t.decided::date, 'KS ' || t.n, '{}', 'active', t.decided::date, t.decided::date, 1
      from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[]) with ordinality as t(ref, sort, kind, text, lead, co, decided, n)`,
  [cases.map((c) => c.reference), cases.map((c) => c.sort), cases.map((c) => c.kind), cases.map((c) => c.text), cases.map((c) => c.lead), cases.map((c) => JSON.stringify(c.co)), cases.map((c) => c.decided)]);
  // The tree (parents before children; ids derived from references, so parent_id is known up front).
  const tree = treeRows();
  await db.query(`insert into "case" (id, reference, reference_sort, kind, title, text, lead_body_code, co_bodies, all_bodies, decided_on, related, state, created_at, updated_at, version, parent_id)
    select md5('tree' || t.ref)::uuid, t.ref, t.sort, t.kind, t.title, t.title || '. ' || $7, t.lead, '{}', false, '2017-01-15', '{}', 'active', '2017-01-15', '2017-01-15', 1,
           case when t.parent is null then null else md5('tree' || t.parent)::uuid end
      from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) with ordinality as t(ref, sort, kind, title, lead, parent, n) order by t.n`,
  [tree.map((c) => c.reference), tree.map((c) => c.sort), tree.map((c) => c.kind), tree.map((c) => c.title), tree.map((c) => c.lead), tree.map((c) => c.parent), DECISION[4]]);
  // Users: 2,000, editors spread over the bodies, some reviewers and readers.
  await db.query(`insert into app_user (id, email, name, active, workflow_mail, calendar_token, created_at, updated_at, version)
    select md5('user' || g)::uuid, 'user' || g || '@bench.se', 'Användare ' || g, true, true, md5('cal' || g), now(), now(), 1 from generate_series(1, ${USERS}) g`);
  await db.query(`insert into role_grant (id, user_id, role, body_code)
    select md5('grant' || g)::uuid, md5('user' || g)::uuid, case when g % 20 = 0 then 'reviewer' when g % 20 = 1 then 'reader' else 'editor' end,
           case when g % 20 in (0, 1) then null else (select code from body order by code offset (g % ${BODIES}) limit 1) end
      from generate_series(1, ${USERS}) g`);
  // One report per case and period; statuses on the kind's scale; comments composed from the vocabulary.
  await db.query(`create temp table vocab as select array(select jsonb_array_elements_text($1::jsonb)) as s`, [JSON.stringify(PROGRESS)]);
  await db.query(`create temp table cn as select c.id, c.kind, c.lead_body_code, c.co_bodies, row_number() over (order by c.reference_sort) as n from "case" c`);
  await db.query(`create temp table pn as select p.id, p.term, p.state, p.period_end, row_number() over (order by p.id) as n from period p`);
  await db.query(`insert into report (id, case_id, period_id, body_code, state, status, comment, forecast, trend, submitted_at, approved_at, created_at, updated_at, version)
    select md5('report' || c.n || '-' || p.n)::uuid, c.id, p.id, c.lead_body_code,
      case when p.state = 'closed' then 'approved' when c.n % 4 = 0 then 'not_started' when c.n % 4 = 3 then 'submitted' else 'draft' end,
      case when p.state = 'open' and c.n % 4 = 0 then null else sc.v[1 + ((c.n * 7 + p.n * 3) % array_length(sc.v, 1))] end,
      case when p.state = 'open' and c.n % 4 = 0 then null else
        v.s[1 + ((c.n * 13 + p.n * 7) % ${PROGRESS.length})] || ' ' || v.s[1 + ((c.n * 17 + p.n * 11 + 3) % ${PROGRESS.length})] || case when (c.n + p.n) % 3 = 0 then ' ' || v.s[1 + ((c.n * 5 + p.n) % ${PROGRESS.length})] else '' end end,
      case when p.term in ('T1', 'T2') and c.kind not in ('programme', 'focus_area') and not (p.state = 'open' and c.n % 4 = 0) then sc.v[1 + ((c.n + p.n) % array_length(sc.v, 1))] end,
      case when c.kind in ('programme_priority', 'programme', 'focus_area') and not (p.state = 'open' and c.n % 4 = 0) then (array['Positiv', 'Oförändrad', 'Negativ'])[1 + ((c.n + p.n) % 3)] end,
      case when p.state = 'closed' or c.n % 4 = 3 then p.period_end + 10 end,
      case when p.state = 'closed' then p.period_end + 20 end,
      p.period_end - 30, p.period_end + 20, 3
    from cn c cross join pn p cross join vocab v
    join (values ('assignment', array['Genomfört', 'Delvis genomfört', 'Inte genomfört']), ('supplementary_assignment', array['Genomfört', 'Delvis genomfört', 'Inte genomfört']),
                 ('goal', array['Helt uppfyllt', 'Delvis uppfyllt', 'Inte uppfyllt']), ('programme_priority', array['Enligt plan', 'Mer arbete krävs']),
                 ('programme', array['Enligt plan', 'Mer arbete krävs']), ('focus_area', array['Enligt plan', 'Mer arbete krävs'])) sc(k, v) on sc.k = c.kind`);
  await db.query(`insert into contribution (id, report_id, body_code, text, written_at, created_at, updated_at, version)
    select md5('contrib' || r.id || cb)::uuid, r.id, cb, case when p.state = 'closed' then v.s[1 + (abs(hashtext(r.id::text || cb)) % ${PROGRESS.length})] else '' end,
           case when p.state = 'closed' then p.period_end + 5 end, r.created_at, r.updated_at, 1
      from report r join cn c on c.id = r.case_id join pn p on p.id = r.period_id cross join vocab v cross join unnest(c.co_bodies) cb`);
  // History: the case's creation and each approved report (what the history page shows).
  await db.query(`insert into audit_event (id, at, actor_id, actor_name, action, entity, entity_id, case_reference, changes)
    select md5('ev-case' || c.id)::uuid, c.created_at, null, 'System', 'case.created', 'case', c.id::text, c.reference, jsonb_build_object('text', jsonb_build_object('before', null, 'after', left(c.text, 200)))
      from "case" c`);
  await db.query(`insert into audit_event (id, at, actor_id, actor_name, action, entity, entity_id, case_reference, changes)
    select md5('ev-rep' || r.id)::uuid, r.approved_at, md5('user' || (1 + abs(hashtext(r.id::text)) % ${USERS}))::uuid, 'Granskare', 'report.approved', 'report', r.id::text, c.reference,
           jsonb_build_object('state', jsonb_build_object('before', 'submitted', 'after', 'approved'), 'status', jsonb_build_object('before', null, 'after', r.status))
      from report r join "case" c on c.id = r.case_id where r.state = 'approved'`);
  // A database in use for ten years has been vacuumed: visibility maps set, GIN pending lists merged.
  await db.query('vacuum analyze');
  const counts = (await db.query(`select (select count(*) from "case") as cases, (select count(*) from report) as reports, (select count(*) from contribution) as contributions,
    (select count(*) from app_user) as users, (select count(*) from audit_event) as events, (select count(*) from period) as periods`)).rows[0];
  return { seconds: Math.round((performance.now() - t0) / 100) / 10, counts, open, closed: periods.at(-2).id, cases, programmes: tree.filter((c) => c.parent === null).map((c) => c.reference) };
}

// ── measuring ───────────────────────────────────────────────────────────────────────────────
/** GET requests over `paths` in turn, across all connections (each connection does not start over). */
function roundRobin(paths) {
  let i = 0;
  return [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }];
}

/** One load run; with several bases, the connections are split among them and the latencies merged. */
async function measure(bases, spec, connections) {
  const urls = [bases].flat();
  const run = (duration, latencies) =>
    Promise.all(
      urls.map((url) =>
        autocannon({
          url,
          connections: Math.max(1, Math.round(connections / urls.length)),
          duration,
          headers: { cookie: spec.cookie, 'content-type': 'application/json', ...(spec.headers ?? {}) },
          requests: spec.requests ?? roundRobin(spec.paths),
          ...(latencies ? { histograms: { latencies } } : {}),
        }),
      ),
    );
  await spec.before?.();
  if (WARMUP) await run(WARMUP);
  await spec.before?.();
  const latencies = hdr.build({ useWebAssembly: false, lowestDiscernibleValue: 1, highestTrackableValue: 60_000, numberOfSignificantValueDigits: 3 });
  const results = await run(DURATION, latencies);
  const sum = (f) => results.reduce((n, r) => n + f(r), 0);
  return {
    rps: Math.round((sum((r) => r.requests.total) / DURATION) * 10) / 10,
    p50_ms: latencies.getValueAtPercentile(50),
    p95_ms: latencies.getValueAtPercentile(95),
    p99_ms: latencies.getValueAtPercentile(99),
    errors: sum((r) => r.errors + r.timeouts + r.non2xx),
  };
}

/**
 * Peak resident memory of each process, read from /proc every 100 ms while started; `window`
 * is the peak since the last start (what one endpoint's run drove it to), `peakMb` over all runs.
 */
function rssSampler(pids) {
  const peak = Object.fromEntries(Object.keys(pids).map((k) => [k, 0]));
  let window = { ...peak };
  const read = (pid, field) => Number(/(\d+) kB/u.exec(readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(field)) ?? '')?.[1] ?? 0);
  let timer = null;
  const mb = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v / 1024)]));
  return {
    start() {
      window = Object.fromEntries(Object.keys(pids).map((k) => [k, 0]));
      timer = setInterval(() => {
        for (const [k, pid] of Object.entries(pids)) {
          const v = read(pid, 'VmRSS:');
          peak[k] = Math.max(peak[k], v);
          window[k] = Math.max(window[k], v);
        }
      }, 100);
    },
    stop() {
      clearInterval(timer);
    },
    peakMb: () => mb(peak),
    windowMb: () => mb(window),
    hwmMb: () => Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, Math.round(read(pid, 'VmHWM:') / 1024)])),
  };
}

const env = await benchEnvironment('api');
const smtp = await smtpSink();
env.env.SMTP_URL = smtp.url;
let ceiling = null;
try {
  const api = env.spawnApp('main.js');
  await env.waitHealthy();
  const db = await env.db();
  db.on('error', () => undefined);
  const data = await loadData(db);
  console.log(`Data loaded in ${data.seconds} s (target < 60 s):`, data.counts);
  const worker = env.spawnApp('worker.js');

  const admin = await env.login();
  const editorBody = 'BUN';
  const res = await fetch(`${env.base}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: admin },
    body: JSON.stringify({ email: 'editor@bench.se', name: 'Bänk Handläggare', password: 'redaktorns-losen-2026', roles: [{ role: 'editor', body: editorBody }] }),
  });
  if (res.status !== 201) throw new Error(`create editor: ${res.status} ${await res.text()}`);
  const editor = await env.login('editor@bench.se', 'redaktorns-losen-2026');

  const caseRef = (await db.query(`select c.reference from "case" c where c.kind = 'assignment' and cardinality(c.co_bodies) > 0 order by c.reference_sort limit 1 offset 40`)).rows[0].reference;
  const refPath = encodeURIComponent(caseRef);

  // Save: the editor's open reports, round robin. A report is never written by two requests at once
  // (a busy one is skipped), and each save carries the version the previous save answered with.
  // autocannon gives each request a fresh context, so the request's report travels in it to onResponse.
  await db.query(`update report set state = 'draft', submitted_at = null, submitted_by_id = null, version = version + 1 where period_id = $1 and body_code = $2 and state = 'submitted'`, [data.open, editorBody]);
  const savePool = (await db.query(`select r.id, r.version, c.kind from report r join "case" c on c.id = r.case_id where r.period_id = $1 and r.body_code = $2 and r.state in ('not_started', 'draft') order by r.id`, [data.open, editorBody])).rows;
  let saveCounter = 0;
  let saveNext = 0;
  let saveFailures = 0;
  // Runs stop with requests in flight, which the servers still carry out (a save took up to 3 s while
  // a slot was composed): wait until the open period's reports stop changing, then start each run
  // from the database's versions.
  const settle = async () => {
    let last = null;
    for (let i = 0; i < 60; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const { rows } = await db.query('select sum(version)::text as v from report where period_id = $1', [data.open]);
      if (rows[0].v === last) return;
      last = rows[0].v;
    }
    throw new Error('the open period\'s reports kept changing 30 s after a run');
  };
  const resetSaves = async () => {
    await settle();
    const now = new Map((await db.query('select id, version from report where id = any($1::uuid[])', [savePool.map((x) => x.id)])).rows.map((r) => [r.id, r.version]));
    for (const x of savePool) Object.assign(x, { version: now.get(x.id), busy: false });
  };
  const saveRequests = [{
    method: 'PUT',
    setupRequest(req, ctx) {
      let item = savePool[saveNext++ % savePool.length];
      for (let i = 0; item.busy && i < savePool.length; i++) item = savePool[saveNext++ % savePool.length];
      item.busy = true;
      ctx.item = item;
      const n = ++saveCounter;
      return { ...req, path: `/api/reports/${item.id}`, body: JSON.stringify({ status: SCALES[item.kind][n % SCALES[item.kind].length], comment: `${PROGRESS[n % PROGRESS.length]} (${n})`, version: item.version }) };
    },
    onResponse(status, body, ctx) {
      const item = ctx.item;
      if (status === 200) {
        item.version = JSON.parse(body).version;
        item.busy = false;
        return;
      }
      if (saveFailures++ < 3) console.log(`save_draft: ${status} ${body.slice(0, 200)}`);
      // Out of step: take the report's version from the database before using it again.
      void db.query('select version from report where id = $1', [item.id]).then(({ rows }) => Object.assign(item, { version: rows[0].version, busy: false }));
    },
  }];
  // Submit: drafts of the open period (admin submits for any body); the drafts are restored between runs.
  let submitPool = [];
  let submitIdx = 0;
  const resetSubmits = async () => {
    await settle();
    await db.query(`update report r set state = 'draft', submitted_at = null, submitted_by_id = null, version = r.version + 1,
        status = coalesce(r.status, case c.kind when 'goal' then 'Delvis uppfyllt' when 'programme_priority' then 'Enligt plan' when 'programme' then 'Enligt plan' when 'focus_area' then 'Enligt plan' else 'Delvis genomfört' end),
        comment = coalesce(r.comment, 'Arbetet pågår enligt plan.')
      from "case" c where c.id = r.case_id and r.period_id = $1 and r.state in ('submitted', 'not_started') and r.body_code <> $2`, [data.open, editorBody]);
    submitPool = (await db.query(`select id, version from report where period_id = $1 and state = 'draft' and body_code <> $2 order by id`, [data.open, editorBody])).rows;
    submitIdx = 0;
  };
  let submitFailures = 0;
  const submitRequests = [{
    method: 'POST',
    setupRequest(req) {
      const item = submitPool[submitIdx++ % submitPool.length];
      return { ...req, path: `/api/reports/${item.id}/submit`, body: JSON.stringify({ version: item.version }) };
    },
    onResponse(status, body) {
      if (status !== 200 && submitFailures++ < 3) console.log(`submit: ${status} ${body.slice(0, 200)}`);
    },
  }];

  // Each read goes round many pages, as a municipality's officials do: 20 lists, 9 searches,
  // 100 case pages and histories, every board's reports, 6 appendices. Each list starts with the
  // single request earlier runs measured.
  const spread = (await db.query(`select reference from "case" where reference <> $1 order by reference_sort`, [caseRef])).rows.map((r) => encodeURIComponent(r.reference)).filter((_, i) => i % 30 === 0);
  const casePaths = [refPath, ...spread].slice(0, 100);
  const bodyCodes = (await db.query(`select code from body where kind in ('nämnd', 'styrelse') order by code`)).rows.map((r) => r.code);
  const closedPeriods = (await db.query(`select id from period where state = 'closed' order by id desc limit 3`)).rows.map((r) => r.id);
  const reads = {
    case_list: { paths: [...[2, 1, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => `/api/cases?kind=assignment&page=${n}`), ...bodyCodes.slice(0, 10).map((b) => `/api/cases?body=${encodeURIComponent(b)}`)], cookie: editor },
    search: { paths: SEARCH_WORDS.map((w) => `/api/cases?q=${encodeURIComponent(w)}`), cookie: editor },
    case_page: { paths: casePaths.map((r) => `/api/cases/${r}`), cookie: editor },
    case_history: { paths: casePaths.map((r) => `/api/cases/${r}/history`), cookie: editor },
    my_reports: { paths: [editorBody, ...bodyCodes.filter((b) => b !== editorBody)].map((b) => `/api/reports?period=${data.open}&body=${encodeURIComponent(b)}`), cookie: editor },
    export_csv: { paths: closedPeriods.flatMap((p) => ['assignment', 'goal'].map((k) => `/api/exports/followup?period=${p}&kind=${k}&format=csv`)), cookie: admin },
    // Översikt: the open period and three closed ones, by kind, body, parent, and each programme by its focus areas.
    overview: {
      paths: [data.open, ...closedPeriods].flatMap((p) =>
        ['groupBy=kind', 'groupBy=body', 'groupBy=parent', ...data.programmes.map((r) => `groupBy=parent&under=${encodeURIComponent(r)}`)].map((q) => `/api/overview?period=${p}&${q}`),
      ),
      cookie: editor,
    },
  };
  const writes = {
    save_draft: { requests: saveRequests, cookie: editor, before: resetSaves },
    submit: { requests: submitRequests, cookie: admin, before: resetSubmits },
  };
  // Sanity: every read answers 200 on both servers with the same JSON size class.
  for (const [name, s] of Object.entries(reads)) {
    for (const path of s.paths) {
      const r = await fetch(env.base + path, { headers: { cookie: s.cookie } });
      if (r.status !== 200) throw new Error(`${name} ${path}: ${r.status} ${await r.text()}`);
    }
  }

  if (process.env.BENCH_KEEP) {
    writeFileSync('/tmp/bench-keep.json', JSON.stringify({ base: env.base, db: env.env.DATABASE_URL, editor, admin, reads, pid: process.pid }));
    console.log('kept running; kill -USR2', process.pid, 'to stop');
    await new Promise((r) => process.once('SIGUSR2', r));
    throw KEPT;
  }
  const figures = {};
  const rows = [];
  /** One measurement into the printed table and the log (figures are kept by the caller). */
  const report = (target, name, conns, f) => {
    rows.push({ target, endpoint: name, conns, rps: f.rps, p50_ms: f.p50_ms, p95_ms: f.p95_ms, p99_ms: f.p99_ms, errors: f.errors });
    console.log(`${target} ${name}@${conns}: ${f.rps} rps, p50 ${f.p50_ms} ms, p95 ${f.p95_ms} ms, p99 ${f.p99_ms} ms, errors ${f.errors}${f.peak_rss_mb ? `, peak RSS ${JSON.stringify(f.peak_rss_mb)} MB` : ''}`);
  };
  const sampler = rssSampler({ api: api.pid, worker: worker.pid });
  const runAll = async (target, base, specs, label) => {
    for (const [name, spec] of Object.entries(specs)) {
      if (ONLY && !ONLY.has(name)) continue;
      for (const c of CONNECTIONS) {
        if (c === 50 && target === 'uppsikt') sampler.start();
        const f = await measure(base, spec, c);
        if (c === 50 && target === 'uppsikt') {
          sampler.stop();
          f.peak_rss_mb = sampler.windowMb();
        }
        figures[`${label}${name}@${c}`] = f;
        report(target, name, c, f);
      }
    }
  };
  await runAll('uppsikt', env.base, { ...reads, ...writes }, '');
  // Per process: the peak over every run at 50 connections (each figure@50 also has its own), and the kernel's high-water mark.
  const rss = { peak_rss_mb_during_50_conn: sampler.peakMb(), vm_hwm_mb: sampler.hwmMb() };

  // The same reads with the read cache off (READ_CACHE_MB=0; the appendix cache stays): what each
  // costs when every request reads PostgreSQL, as right after a change.
  {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const uncached = env.spawnApp('main.js', { PORT: String(port), APP_URL: base, READ_CACHE_MB: '0' });
    await env.waitHealthy(base);
    const uncachedRss = rssSampler({ api_cache_off: uncached.pid });
    uncachedRss.start();
    for (const [name, spec] of Object.entries(reads)) {
      if (ONLY && !ONLY.has(name)) continue;
      const f = await measure(base, spec, 50);
      figures[`uncached:${name}@50`] = f;
      report('uncached', name, 50, f);
    }
    uncachedRss.stop();
    Object.assign(rss.peak_rss_mb_during_50_conn, uncachedRss.peakMb());
    await stopChild(uncached);
  }

  // Deadline week: each read again while a board saves drafts without pause on 10 connections.
  // Every save commits a change to that board's reports, its cases' pages and history, and to
  // what search reads, so those reads go to PostgreSQL again.
  for (const [name, spec] of Object.entries(reads)) {
    if (ONLY && !ONLY.has(name)) continue;
    await resetSaves();
    const saving = autocannon({ url: env.base, connections: 10, duration: WARMUP + DURATION, headers: { cookie: editor, 'content-type': 'application/json' }, requests: saveRequests });
    const f = await measure(env.base, spec, 50);
    const s = await saving;
    f.saves_per_s = Math.round((s.requests.total / (WARMUP + DURATION)) * 10) / 10;
    f.save_errors = s.errors + s.timeouts + s.non2xx;
    figures[`mixed:${name}@50`] = f;
    report(`while saving (${f.saves_per_s} saves/s)`, name, 50, f);
  }

  // Side by side: search while saving against search with every request going to PostgreSQL, as
  // every saved comment made it before a save moved only the searches for the words it changed.
  if (figures['mixed:search@50'] && figures['uncached:search@50']) {
    const [m, u] = [figures['mixed:search@50'], figures['uncached:search@50']];
    console.log(`Search@50 while saving: ${m.rps} req/s, p99 ${m.p99_ms} ms; every search from PostgreSQL (each save did that before issue 18.1): ${u.rps} req/s, p99 ${u.p99_ms} ms`);
  }

  // The ceiling: same reads, same SQL, same JSON, bare Fastify + pg in its own process.
  const port = await freePort();
  ceiling = spawn(process.execPath, [join(root, 'test', 'bench', 'api-ceiling.mjs')], { env: { ...env.env, PORT: String(port), NODE_ENV: 'production' }, stdio: ['ignore', 'inherit', 'inherit'] });
  const ceilingBase = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${ceilingBase}/api/cases`, { headers: { cookie: editor } })).ok) break;
    } catch {
      /* starting */
    }
    if (i > 100) throw new Error('the ceiling server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const [name, s] of Object.entries(reads)) {
    for (const path of s.paths) {
      const [a, b] = await Promise.all([fetch(env.base + path, { headers: { cookie: s.cookie } }), fetch(ceilingBase + path, { headers: { cookie: s.cookie } })]);
      const [ta, tb] = [await a.text(), await b.text()];
      if (b.status !== 200) throw new Error(`ceiling ${name} ${path}: ${b.status} ${tb}`);
      if (ta !== tb) console.log(`note: ${name} ${path}: bodies differ (${ta.length} vs ${tb.length} bytes)`);
    }
  }
  await runAll('ceiling', ceilingBase, reads, 'ceiling:');

  // ── Scale-out: two API and two worker processes on the one database and Redis ────────────
  // A reminder slot fires during the load (deadline moved 100 s ahead, reminder 60 s before it),
  // so both workers race for the same digests while both APIs serve the reads and writes.
  let scaleOut = null;
  if (!process.env.BENCH_SKIP_SCALE_OUT) {
    const port2 = await freePort();
    const base2 = `http://127.0.0.1:${port2}`;
    const mailBefore = smtp.received.length;
    await db.query(`update period set submission_deadline = now() + interval '100 seconds', reminder_offsets = '{PT60S}', escalation_offsets = '{}', version = version + 1 where id = $1`, [data.open]);
    const slotAt = Date.now() + 40_000;
    const api2 = env.spawnApp('main.js', { PORT: String(port2), APP_URL: base2 });
    const worker2 = env.spawnApp('worker.js');
    await env.waitHealthy(base2);
    const scaleRss = rssSampler({ api_1: api.pid, api_2: api2.pid, worker_1: worker.pid, worker_2: worker2.pid });

    // Sessions are valid across processes, and so is logging out.
    const onTwo = await env.login('editor@bench.se', 'redaktorns-losen-2026', base2);
    const me = await fetch(`${env.base}/api/auth/me`, { headers: { cookie: onTwo } });
    const crossLogin = me.status === 200 && (await me.json()).email === 'editor@bench.se';
    await fetch(`${base2}/api/auth/logout`, { method: 'POST', headers: { cookie: onTwo, 'content-type': 'application/json' }, body: '{}' });
    const crossLogout = (await fetch(`${env.base}/api/auth/me`, { headers: { cookie: onTwo } })).status === 401;

    const figures2 = {};
    scaleRss.start();
    for (const [name, spec] of Object.entries({ ...reads, ...writes })) {
      if (ONLY && !ONLY.has(name)) continue;
      const f = await measure([env.base, base2], spec, 50);
      figures2[`${name}@50`] = f;
      report('uppsikt×2', name, 50, f);
    }
    // Wait for the slot and for every digest to leave (or fail).
    const until = Math.max(Date.now(), slotAt) + 180_000;
    let mail;
    for (;;) {
      mail = (await db.query(`select count(*) filter (where state = 'queued')::int as queued, count(*) filter (where state = 'sent')::int as sent,
          count(*) filter (where state = 'failed')::int as failed from notification where kind = 'reminder'`)).rows[0];
      if ((Date.now() > slotAt + 5_000 && mail.queued === 0 && mail.sent + mail.failed > 0) || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    scaleRss.stop();
    // The slot's reminders only: reviewers' digests of the submits above may also leave meanwhile.
    const mails = smtp.received.slice(mailBefore).filter((m) => m.subject.startsWith('Påminnelse'));
    const recipients = new Set(mails.map((m) => `${m.to}|${m.subject}`));
    scaleOut = {
      processes: { api: 2, worker: 2 },
      figures: figures2,
      errors: Object.values(figures2).reduce((n, f) => n + f.errors, 0),
      peak_rss_mb: scaleRss.peakMb(),
      sessions_valid_across_processes: crossLogin,
      logout_seen_by_other_process: crossLogout,
      reminder_digests: { notifications_sent: mail.sent, notifications_failed: mail.failed, still_queued: mail.queued, mails_received: mails.length, distinct_recipients: recipients.size, duplicates: mails.length - recipients.size },
    };
    console.log('Scale-out:', JSON.stringify({ ...scaleOut, figures: undefined }));
  }

  const ratios = {};
  for (const name of Object.keys(reads)) {
    for (const c of CONNECTIONS) {
      const a = figures[`${name}@${c}`];
      const b = figures[`ceiling:${name}@${c}`];
      if (a && b) ratios[`${name}@${c}`] = Math.round((a.rps / b.rps) * 100) / 100;
    }
    const u = figures[`uncached:${name}@50`];
    const b = figures[`ceiling:${name}@50`];
    if (u && b) ratios[`uncached:${name}@50`] = Math.round((u.rps / b.rps) * 100) / 100;
  }
  if (rows.length) table(rows);
  console.log('Uppsikt/ceiling (rps):', ratios);
  console.log('RSS (MB):', rss);
  const out = {
    figures,
    ratios,
    rss,
    scale_out: scaleOut,
    data: { load_seconds: data.seconds, ...data.counts, seed: SEED, open_period: data.open, export_period: data.closed, case: caseRef, search: SEARCH_WORD, editor_body: editorBody },
    env: { node: process.version, cpus: cpus().length, cpu_model: cpus()[0]?.model, memory_gb: Math.round(totalmem() / 2 ** 30), duration_s: DURATION, warmup_s: WARMUP, db_pool_max: Number(env.env.DB_POOL_MAX ?? 10), at: new Date().toISOString() },
  };
  writeFileSync(join(root, 'test', 'bench', 'results.json'), `${JSON.stringify(out, null, 2)}\n`);
  await db.end();
} catch (e) {
  if (e !== KEPT) throw e;
} finally {
  if (ceiling) await stopChild(ceiling);
  await env.stop();
  await smtp.close();
}
