import { Injectable } from '@nestjs/common';
import type { Report } from '@uppsikt/shared';

export type ReportEventKind = 'submitted' | 'returned' | 'approved' | 'reopened';
type Listener = (kind: ReportEventKind, report: Report) => Promise<void> | void;

/**
 * Workflow events after a report's transaction has committed. Listeners (the notifications
 * module) must not fail the request: what they need is derivable from the database anyway.
 */
@Injectable()
export class ReportEvents {
  private readonly listeners: Listener[] = [];

  on(listener: Listener): void {
    this.listeners.push(listener);
  }

  async emit(kind: ReportEventKind, report: Report): Promise<void> {
    for (const l of this.listeners) {
      try {
        await l(kind, report);
      } catch {
        // deliberately ignored: see class comment
      }
    }
  }
}
