// Starts a local OpenID Provider (oidc-provider, the certified provider the tests use) with demo
// accounts, to try single sign-on with `pnpm start`:
//   node scripts/sso-demo.mjs [--port 3990] [--app http://localhost:3000]
// then start Uppsikt with the OIDC_* lines it prints. Its login page accepts any password.
import { parseArgs } from 'node:util';
import { startOidcProvider } from '../backend/test/support/oidc-provider.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '3990' }, app: { type: 'string', default: 'http://localhost:3000' } } });
const app = values.app.replace(/\/$/u, '');
const accounts = {
  'eva.ek': { email: 'eva.ek@kommun.se', name: 'Eva Ek', groups: ['uppsikt-handlaggare-ks'] },
  'gustav.granskare': { email: 'gustav.granskare@kommun.se', name: 'Gustav Granskare', groups: ['uppsikt-granskare'] },
  'nils.nilsson': { email: 'nils.nilsson@kommun.se', name: 'Nils Nilsson', groups: ['alla-anstallda'] },
};
const provider = await startOidcProvider({
  port: Number(values.port),
  redirectUris: [`${app}/api/auth/sso/callback`],
  postLogoutRedirectUris: [`${app}/logga-in?utloggad=1`],
  accounts,
});
const roleMap = { 'uppsikt-granskare': [{ role: 'reviewer' }], 'uppsikt-handlaggare-ks': [{ role: 'editor', body: 'KS' }] };
console.log(`OpenID Provider on ${provider.issuer}. Accounts (any password): ${Object.keys(accounts).join(', ')} (nils.nilsson has no mapped group).\n`);
console.log(`OIDC_ISSUER=${provider.issuer} OIDC_CLIENT_ID=${provider.clientId} OIDC_CLIENT_SECRET=${provider.clientSecret} OIDC_NAME='Demokommunens konto' OIDC_ROLE_MAP='${JSON.stringify(roleMap)}' pnpm start`);
const stop = () => provider.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
