// Single sign-on callback round trip: the provider's redirect back into Uppsikt (take the stored
// login, exchange the code, validate the ID token, fetch userinfo, sync the user's roles, open a
// session, 302) at 10 connections, against a real oidc-provider on loopback. The provider's own time
// is excluded per request from the Server-Timing header the callback sends (`idp;dur=`: time spent
// waiting on the provider). Writes test/bench/results-sso.json.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { benchEnvironment, root, table } from './lib.mjs';
import { startOidcProvider, throughProvider } from '../../backend/test/support/oidc-provider.ts';

const USERS = 150;
const ROUNDS = 2; // first logins (users created), then repeat logins (roles re-synced)
const CONNECTIONS = 10;

const accounts = Object.fromEntries(
  Array.from({ length: USERS }, (_, i) => [`user${i}`, { email: `user${i}@bench.se`, name: `Bänk Användare ${i}`, groups: [i % 3 ? 'uppsikt-lasare' : 'uppsikt-granskare'] }]),
);
const env = await benchEnvironment('sso');
const provider = await startOidcProvider({
  redirectUris: [`${env.base}/api/auth/sso/callback`],
  postLogoutRedirectUris: [`${env.base}/logga-in?utloggad=1`],
  accounts,
});
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (x) => `${x.toFixed(1)} ms`;
let failed = false;
try {
  env.spawnApp('main.js', {
    WORKER_IN_PROCESS: '1',
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_ROLE_MAP: JSON.stringify({ 'uppsikt-lasare': [{ role: 'reader' }], 'uppsikt-granskare': [{ role: 'reviewer' }] }),
  });
  await env.waitHealthy();

  const figures = [];
  for (let round = 1; round <= ROUNDS; round++) {
    // Through the provider's pages first (not measured): one callback URL per user.
    const callbacks = [];
    const ids = Object.keys(accounts);
    const prepare = async () => {
      for (let id = ids.shift(); id; id = ids.shift()) {
        const start = await fetch(`${env.base}/api/auth/sso/login`, { redirect: 'manual' });
        callbacks.push(await throughProvider(start.headers.get('location'), id));
      }
    };
    await Promise.all(Array.from({ length: 4 }, prepare));

    const total = [];
    const app = [];
    const idp = [];
    let errors = 0;
    const began = performance.now();
    const worker = async () => {
      for (let cb = callbacks.shift(); cb; cb = callbacks.shift()) {
        const t0 = performance.now();
        const res = await fetch(`${env.base}${cb.pathname}${cb.search}`, { redirect: 'manual' });
        const elapsed = performance.now() - t0;
        await res.arrayBuffer();
        if (res.status !== 302 || res.headers.get('location') !== '/' || !res.headers.get('set-cookie')?.startsWith('uppsikt_session=')) {
          errors++;
          continue;
        }
        const provTime = Number(/idp;dur=([\d.]+)/u.exec(res.headers.get('server-timing') ?? '')?.[1] ?? NaN);
        total.push(elapsed);
        idp.push(provTime);
        app.push(elapsed - provTime);
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
    const seconds = (performance.now() - began) / 1000;
    if (errors) failed = true;
    figures.push({
      round: round === 1 ? 'first login (user created)' : 'next login (roles re-synced)',
      callbacks: total.length,
      errors,
      'req/s': Math.round(total.length / seconds),
      'p50 total': ms(pct(total, 50)),
      'p99 total': ms(pct(total, 99)),
      'p50 provider': ms(pct(idp, 50)),
      'p50 Uppsikt': ms(pct(app, 50)),
      'p99 Uppsikt': ms(pct(app, 99)),
    });
  }
  console.log(`\nSSO callback round trip at ${CONNECTIONS} connections (Uppsikt = total minus the time spent waiting on the provider):`);
  table(figures);
  writeFileSync(
    join(root, 'test', 'bench', 'results-sso.json'),
    `${JSON.stringify({ connections: CONNECTIONS, figures, env: { node: process.version, cpus: cpus().length, loadavg: loadavg().map((l) => l.toFixed(2)) } }, null, 2)}\n`,
  );
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  await env.stop();
  await provider.stop();
}
process.exit(failed ? 1 : 0);
