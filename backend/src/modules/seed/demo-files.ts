import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

/** The Umeå 2020 demo data shipped with the app (backend/data/demo). */
export const DEMO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'data', 'demo');

export function readDemoFile(file: string): Buffer {
  return readFileSync(join(DEMO_DIR, file));
}

export function readDemoCsv(file: string): Record<string, string>[] {
  const text = readFileSync(join(DEMO_DIR, file), 'utf8').replace(/^\uFEFF/u, '');
  return parse(text, { delimiter: ';', columns: true, skip_empty_lines: true, relax_quotes: false, trim: false }) as Record<string, string>[];
}

export const DEMO_PASSWORD = 'uppsikt-demo';

export const DEMO_USERS = [
  { email: 'admin@uppsikt.test', name: 'Astrid Admin', roles: [{ role: 'admin' as const }] },
  { email: 'granskare@uppsikt.test', name: 'Gustav Granskare', roles: [{ role: 'reviewer' as const }] },
  { email: 'ks@uppsikt.test', name: 'Karin Stadsledning', roles: [{ role: 'editor' as const, body: 'KS' }] },
  { email: 'tn@uppsikt.test', name: 'Tove Teknik', roles: [{ role: 'editor' as const, body: 'TN' }] },
  { email: 'ifn@uppsikt.test', name: 'Ivar Individ', roles: [{ role: 'editor' as const, body: 'IFN' }] },
  { email: 'lasare@uppsikt.test', name: 'Lisa Läsare', roles: [{ role: 'reader' as const }] },
];
