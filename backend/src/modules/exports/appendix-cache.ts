import { Injectable } from '@nestjs/common';
import type { CaseKind, ExportFormat } from '@uppsikt/shared';
import { ReadDb } from '../../infra/database/read-db.js';
import type { FileOut } from '../imports/templates.js';

/** Rendered appendices kept per process, newest used last; the oldest go beyond this many bytes. */
const MAX_BYTES = 64 * 1024 * 1024;

export interface AppendixKey {
  period: string;
  kind?: CaseKind;
  format: ExportFormat;
}

/**
 * What an appendix of approved reports is made of, reduced to counts and sums of versions: the
 * period, its reports, the cases and the bodies. Every write bumps a version (optimistic locking)
 * and nothing here is deleted, so any change to what the appendix shows changes the fingerprint.
 * Contributions need no term of their own: they cannot change while their report is approved,
 * and approving or reopening a report bumps its version. About a millisecond, through
 * index-only scans, instead of a render.
 */
const FINGERPRINT_SQL = `
  select p.version
      || '|' || (select count(*) || ':' || coalesce(sum(r.version), 0) from report r where r.period_id = p.id)
      || '|' || (select count(*) || ':' || coalesce(sum(c.version), 0) from "case" c)
      || '|' || (select count(*) || ':' || coalesce(sum(b.version), 0) from body b) as fingerprint
    from period p where p.id = $1`;

/**
 * Rendered appendices, reused while nothing in them has changed (the PDF of a large period takes
 * a second to render; its fingerprint a few milliseconds). Concurrent requests for the same file
 * share one render. Each API process keeps its own files: nothing shared can go stale.
 */
@Injectable()
export class AppendixCache {
  private readonly files = new Map<string, FileOut>();
  private readonly rendering = new Map<string, Promise<FileOut>>();
  private bytes = 0;

  constructor(private readonly db: ReadDb) {}

  /** The appendix of approved reports for `key`, rendered by `render` unless an identical one is kept; null if the period does not exist. */
  async approved(key: AppendixKey, render: () => Promise<FileOut>): Promise<FileOut | null> {
    const [row] = await this.db.query<{ fingerprint: string }>(FINGERPRINT_SQL, [key.period]);
    if (!row) return null;
    const id = `${key.format}|${key.period}|${key.kind ?? '*'}|${row.fingerprint}`;
    const kept = this.files.get(id);
    if (kept) {
      this.files.delete(id);
      this.files.set(id, kept);
      return kept;
    }
    let pending = this.rendering.get(id);
    if (!pending) {
      pending = render()
        .then((file) => (this.keep(id, file), file))
        .finally(() => this.rendering.delete(id));
      this.rendering.set(id, pending);
    }
    return pending;
  }

  private keep(id: string, file: FileOut): void {
    if (file.bytes.length > MAX_BYTES / 4) return;
    this.files.set(id, file);
    this.bytes += file.bytes.length;
    for (const [oldId, old] of this.files) {
      if (this.bytes <= MAX_BYTES) break;
      this.files.delete(oldId);
      this.bytes -= old.bytes.length;
    }
  }
}
