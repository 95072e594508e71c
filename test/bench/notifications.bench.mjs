// Reminder fan-out at municipal scale: 1,000 bodies × 3 editors = 3,000 recipients of one digest
// each, over 90,000 open reports (90 per body). The API and two workers run as separate processes of
// the built app, as in production, against a real SMTP server on loopback that answers each message
// after 5–20 ms, as a relay does. Measured from the slot's instant: when every notification row
// exists (creation) and when the SMTP server has accepted the last digest (delivery); exactly once.
import { cpus, loadavg } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchEnvironment, root, smtpSink, table } from './lib.mjs';

const BODIES = 1_000;
const EDITORS_PER_BODY = 3;
const REPORTS = 90_000;
const WORKERS = 2;
const TARGET_MS = 20_000;

const smtp = await smtpSink({ latencyMs: [5, 20] });
const received = smtp.received;

const env = await benchEnvironment('notify');
try {
  // The scheduled reconcile runs every 5 s here, so the new period's slot gets its exact-instant job
  // well before the slot (in production it runs every minute; slots are days ahead).
  const appEnv = { SMTP_URL: smtp.url, REMINDER_RECONCILE_SECONDS: '5' };
  const processes = { api: env.spawnApp('main.js', appEnv) };
  await env.waitHealthy();
  for (let i = 0; i < WORKERS; i++) processes[`worker_${i + 1}`] = env.spawnApp('worker.js', appEnv);

  // Data straight into PostgreSQL (the bench measures reminders, not set-up).
  const db = await env.db();
  db.on('error', () => undefined); // the database is dropped at the end, maybe under this client
  await db.query(`insert into body (code, name, kind, active, email, created_at, updated_at, version)
    select 'B' || g, 'Nämnd ' || g, 'nämnd', true, null, now(), now(), 1 from generate_series(1, ${BODIES}) g`);
  await db.query(`insert into app_user (id, email, name, active, workflow_mail, calendar_token, created_at, updated_at, version)
    select gen_random_uuid(), 'e' || b || '-' || e || '@bench.se', 'Editor ' || b || '-' || e, true, true, md5(random()::text), now(), now(), 1
      from generate_series(1, ${BODIES}) b cross join generate_series(1, ${EDITORS_PER_BODY}) e`);
  await db.query(`insert into role_grant (id, user_id, role, body_code)
    select gen_random_uuid(), u.id, 'editor', 'B' || split_part(substr(u.email, 2), '-', 1) from app_user u where u.email like '%@bench.se'`);
  await db.query(`insert into "case" (id, reference, reference_sort, kind, text, lead_body_code, co_bodies, all_bodies, related, state, created_at, updated_at, version)
    select gen_random_uuid(), '2026:' || g, '0000002026:' || lpad(g::text, 10, '0'), 'assignment', 'Kommunfullmäktige ger nämnden i uppdrag nummer ' || g,
           'B' || (1 + (g % ${BODIES})), '{}', false, '{}', 'active', now(), now(), 1 from generate_series(1, ${REPORTS}) g`);

  const cookie = await env.login();
  const slotIn = 90_000; // opening a period creates its 90,000 reports (about 30 s here)
  const opened = Date.now();
  const deadline = opened + slotIn + 60_000;
  const res = await fetch(`${env.base}/api/periods`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ year: 2026, term: 'T2', submissionDeadline: new Date(deadline).toISOString(), reminderOffsets: ['PT60S'], escalationOffsets: [] }),
  });
  if (res.status !== 201) throw new Error(`open period: ${res.status} ${await res.text()}`);
  const openMs = Date.now() - opened;
  const [{ n: reports }] = (await db.query(`select count(*)::int as n from report where period_id = '2026-T2' and state = 'not_started'`)).rows;
  const slotAt = deadline - 60_000;
  if (Date.now() > slotAt - 5_000) throw new Error(`opening the period took ${openMs} ms: too close to the slot`);
  const expected = BODIES * EDITORS_PER_BODY;
  const load = loadavg().map((l) => Math.round(l * 10) / 10);

  // Creation: poll the table until every digest row exists.
  let createdAt = NaN;
  const until = slotAt + 120_000;
  while (Date.now() < until) {
    const [{ n }] = (await db.query(`select count(*)::int as n from notification where kind = 'reminder'`)).rows;
    if (n >= expected) {
      createdAt = Date.now();
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  while (received.length < expected && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 3_000)); // anything extra (a duplicate) would arrive now
  // Each process's resident high-water mark (the kernel's VmHWM): what composing and sending cost in memory.
  const hwm = (pid) => Math.round(Number(/VmHWM:\s+(\d+) kB/u.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
  const peakRss = Object.fromEntries(Object.entries(processes).map(([k, c]) => [k, hwm(c.pid)]));
  const [{ n: rows, sent }] = (await db.query(`select count(*)::int as n, count(*) filter (where state = 'sent')::int as sent from notification where kind = 'reminder'`)).rows;
  await db.end();

  const first = received[0]?.at ?? NaN;
  const last = received.at(-1)?.at ?? NaN;
  const distinct = new Set(received.map((m) => m.to)).size;
  const figures = {
    recipients: expected,
    open_reports: reports,
    workers: WORKERS,
    rows_created: rows,
    rows_sent: sent,
    mails_received: received.length,
    duplicates: received.length - distinct,
    slot_to_rows_created_ms: Math.round(createdAt - slotAt),
    slot_to_first_mail_ms: Math.round(first - slotAt),
    slot_to_last_mail_ms: Math.round(last - slotAt),
    delivery_ms: Math.round(last - createdAt),
    mails_per_second: Math.round((received.length / ((last - first) / 1000 || 1)) * 10) / 10,
    target_ms: TARGET_MS,
    load_before_slot: load.join(' / '),
  };
  console.log('Peak RSS (MB):', peakRss);
  table([figures]);
  const result = { figures, peak_rss_mb: peakRss, env: { node: process.version, cpus: cpus().length, loadavg_1_5_15_before_slot: load, smtp_latency_ms: [5, 20] } };
  writeFileSync(join(root, 'test', 'bench', 'results-notifications.json'), `${JSON.stringify(result, null, 2)}\n`);
  if (received.length !== expected || distinct !== expected || !(last - slotAt <= TARGET_MS)) process.exitCode = 1;
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await env.stop();
  await smtp.close();
}
