// Reminder digests at scale: 100 bodies × 5 editors with 3,000 open reports. Measures the time from
// the slot's instant to the last digest accepted by a real SMTP server, and mails per second.
// The API and one worker run as separate processes of the built app, as in production.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchEnvironment, root, smtpSink, table } from './lib.mjs';

const BODIES = 100;
const EDITORS_PER_BODY = 5;
const REPORTS = 3000;

const smtp = await smtpSink();
const received = smtp.received;
const smtpUrl = smtp.url;

const env = await benchEnvironment('notify');
try {
  env.env.SMTP_URL = smtpUrl;
  env.spawnApp('main.js', { SMTP_URL: smtpUrl });
  await env.waitHealthy();
  env.spawnApp('worker.js', { SMTP_URL: smtpUrl });

  // Data straight into PostgreSQL (the bench measures sending, not set-up).
  const db = await env.db();
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
  await db.end();

  const cookie = await env.login();
  const slotIn = 15_000;
  const deadline = Date.now() + slotIn + 60_000;
  const res = await fetch(`${env.base}/api/periods`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ year: 2026, term: 'T2', submissionDeadline: new Date(deadline).toISOString(), reminderOffsets: ['PT60S'], escalationOffsets: [] }),
  });
  if (res.status !== 201) throw new Error(`open period: ${res.status} ${await res.text()}`);
  const slotAt = deadline - 60_000;
  const expected = BODIES * EDITORS_PER_BODY;
  const until = slotAt + 120_000;
  while (received.length < expected && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 2_000));
  const last = received.at(-1)?.at ?? NaN;
  const first = received[0]?.at ?? NaN;
  const figures = {
    recipients: expected,
    mails_received: received.length,
    duplicates: received.length - expected,
    slot_to_first_ms: Math.round(first - slotAt),
    slot_to_last_ms: Math.round(last - slotAt),
    mails_per_second: Math.round((received.length / ((last - first) / 1000 || 1)) * 10) / 10,
    target_ms: 30_000,
  };
  table([figures]);
  writeFileSync(join(root, 'test', 'bench', 'results-notifications.json'), `${JSON.stringify({ figures, env: { node: process.version, cpus: (await import('node:os')).cpus().length } }, null, 2)}\n`);
  if (received.length !== expected) process.exitCode = 1;
} finally {
  await env.stop();
  await smtp.close();
}
