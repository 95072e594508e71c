import type { Caller, TestApp } from './app.js';

/** A small municipality: bodies, one user per role, a reviewer session. */
export async function municipality(t: TestApp) {
  await t.body('KS', 'styrelse', 'Kommunstyrelsen');
  await t.body('TN', 'nämnd', 'Tekniska nämnden');
  await t.body('IFN', 'nämnd', 'Individ- och familjenämnden');
  await t.body('JUSK', 'utskott', 'Jämställdhetsutskottet');
  await t.body('UKF', 'bolag', 'Umeå Kommunföretag AB');
  const [admin, reviewer, ks, tn, ifn, reader] = await Promise.all([
    t.as([{ role: 'admin' }]),
    t.as([{ role: 'reviewer' }]),
    t.as([{ role: 'editor', body: 'KS' }]),
    t.as([{ role: 'editor', body: 'TN' }]),
    t.as([{ role: 'editor', body: 'IFN' }]),
    t.as([{ role: 'reader' }]),
  ]);
  return { admin, reviewer, ks, tn, ifn, reader };
}

export type People = Awaited<ReturnType<typeof municipality>>;

export async function createCase(t: TestApp, who: Caller, body: Record<string, unknown>) {
  const res = await t.request('POST', '/api/cases', { ...who, body: { kind: 'assignment', text: 'Kommunfullmäktige ger nämnden i uppdrag att utreda.', leadBody: 'KS', ...body } });
  if (res.status !== 201) throw new Error(`create case: ${res.status} ${res.text}`);
  return res.body;
}

export async function openPeriod(t: TestApp, who: Caller, year = 2026, term = 'T2', extra: Record<string, unknown> = {}) {
  const res = await t.request('POST', '/api/periods', { ...who, body: { year, term, submissionDeadline: `${year}-09-15T12:00:00+02:00`, ...extra } });
  if (res.status !== 201) throw new Error(`open period: ${res.status} ${res.text}`);
  return res.body;
}

export async function reportFor(t: TestApp, who: Caller, reference: string, period: string) {
  const res = await t.request('GET', `/api/reports?case=${encodeURIComponent(reference)}&period=${period}`, who);
  if (res.status !== 200 || res.body.items.length !== 1) throw new Error(`report for ${reference}: ${res.status} ${res.text}`);
  return res.body.items[0];
}
