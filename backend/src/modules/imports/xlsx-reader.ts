import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { MAX_ROWS, type Table } from './table.js';
import { UnreadableFile } from './problems.js';
import type { XlsxResult, XlsxTask } from './xlsx-worker.js';

/** At most this many bytes of XML are inflated from one XLSX file (the parts its first sheet needs). */
export const MAX_XLSX_XML_BYTES = 64 * 1024 * 1024;
/** Text further right than this column makes the file unreadable (Excel allows 16,384). */
export const MAX_COLUMNS = 1_000;
/** A file not read by then is given up (its worker is stopped). */
const READ_TIMEOUT_MS = 30_000;

let pool: Piscina<XlsxTask, XlsxResult> | null = null;

/**
 * XLSX files are read in worker threads (xlsx-worker.ts), within limits on inflated bytes, rows
 * and columns, so the event loop stays free for other requests however large or hostile a file
 * is. The pool starts its first thread at the first XLSX import; idle threads end after a minute.
 */
function readers(): Piscina<XlsxTask, XlsxResult> {
  // From the TypeScript source in tests (Node strips the types), from dist in production.
  const source = import.meta.url.endsWith('.ts') ? './xlsx-worker.ts' : './xlsx-worker.js';
  pool ??= new Piscina<XlsxTask, XlsxResult>({
    filename: new URL(source, import.meta.url).href,
    minThreads: 0,
    maxThreads: Math.max(1, Math.min(2, availableParallelism())),
    idleTimeout: 60_000,
    // A worker that still needed more is stopped, not the API process.
    resourceLimits: { maxOldGenerationSizeMb: 512 },
  });
  return pool;
}

/** The first worksheet of an XLSX file; row 1 is the header. */
export async function readXlsx(bytes: Buffer): Promise<Table> {
  let result: XlsxResult;
  try {
    result = await readers().run({ bytes, maxRows: MAX_ROWS, maxXmlBytes: MAX_XLSX_XML_BYTES, maxColumns: MAX_COLUMNS }, { signal: AbortSignal.timeout(READ_TIMEOUT_MS) });
  } catch (e) {
    const timedOut = (e as { name?: string }).name === 'AbortError' || (e as { name?: string }).name === 'TimeoutError';
    throw new UnreadableFile(timedOut ? 'Filen tog för lång tid att läsa. Dela upp den eller spara den som CSV.' : 'Filen är för stor för att läsas. Dela upp den eller spara den som CSV.');
  }
  if (!result.ok) throw new UnreadableFile(result.message);
  return { format: 'xlsx', headers: result.headers, rows: result.rows };
}

/** Ends the reader threads (at shutdown). */
export async function closeXlsxReaders(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.destroy();
}
