import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Report } from '@uppsikt/shared';

export type ReportEventKind = 'submitted' | 'returned' | 'approved' | 'reopened';

/** Work to run once the transaction has committed (e.g. enqueue the mail it recorded). */
export type AfterCommit = () => Promise<void>;
type Listener = (em: EntityManager, kind: ReportEventKind, report: Report) => Promise<AfterCommit | void>;

/**
 * Workflow events. Listeners run inside the report's transaction, so what they record (the
 * notifications owed) commits or rolls back with the change itself; their after-commit work
 * must not fail the request, as the reconciler would redo it anyway.
 */
@Injectable()
export class ReportEvents {
  private readonly logger = new Logger(ReportEvents.name);
  private readonly listeners: Listener[] = [];

  on(listener: Listener): void {
    this.listeners.push(listener);
  }

  async inTransaction(em: EntityManager, kind: ReportEventKind, report: Report): Promise<AfterCommit[]> {
    const after: AfterCommit[] = [];
    for (const l of this.listeners) {
      const a = await l(em, kind, report);
      if (a) after.push(a);
    }
    return after;
  }

  async afterCommit(work: AfterCommit[]): Promise<void> {
    for (const w of work) {
      try {
        await w();
      } catch (e) {
        this.logger.warn(`After-commit work failed (the reconciler will retry): ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}
