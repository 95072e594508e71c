import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { BodyKind } from '@uppsikt/shared';
import { DEMO_DIR } from '../../src/modules/seed/demo-files.js';
import type { Caller, TestApp } from './app.js';
import { upload } from './upload.js';

/** A file of the Umeå 2020 demo data (backend/data/demo). */
export const demoFile = (file: string): Buffer => readFileSync(join(DEMO_DIR, file));

export function demoRows(file: string): Array<Record<string, string>> {
  return parse(demoFile(file), { delimiter: ';', columns: true, bom: true }) as Array<Record<string, string>>;
}

/** The 15 bodies of organ.csv. */
export async function umeaBodies(t: TestApp): Promise<void> {
  for (const r of demoRows('organ.csv')) await t.body(r.Kod, r.Typ as BodyKind, r.Namn);
}

/** Bodies, cases and 2020-T2 statuses, through the import endpoints. */
export async function importUmea(t: TestApp, who: Caller): Promise<void> {
  await umeaBodies(t);
  for (const [type, file] of [
    ['cases', 'uppdrag.csv'],
    ['cases', 'mal.csv'],
    ['reports', 'uppdrag-status-2020-T2.csv'],
    ['reports', 'mal-status-2020-T2.csv'],
  ]) {
    const res = await upload(t, `/api/imports/${type}`, who, file, demoFile(file));
    if (res.status !== 200) throw new Error(`import ${file}: ${res.status} ${res.text}`);
  }
}
