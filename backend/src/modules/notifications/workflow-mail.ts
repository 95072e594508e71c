import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Report } from '@uppsikt/shared';
import { ReportEvents, type ReportEventKind } from '../reports/report.events.js';
import { DigestComposer } from './digest-composer.js';
import { NotificationRepository } from './notification.repository.js';
import { SendQueue } from './send-queue.js';

/**
 * Returned, approved and reopened reports reach the body's editors at once. The rows are written
 * in the report's transaction; the send jobs are enqueued after commit (and by the reconciler,
 * should Redis be unavailable at that moment). Submissions reach reviewers as a digest instead.
 */
@Injectable()
export class WorkflowMail implements OnModuleInit {
  constructor(
    private readonly events: ReportEvents,
    private readonly composer: DigestComposer,
    private readonly repo: NotificationRepository,
    private readonly sends: SendQueue,
  ) {}

  onModuleInit(): void {
    this.events.on((em, kind, report) => this.record(em, kind, report));
  }

  private async record(em: EntityManager, kind: ReportEventKind, report: Report) {
    if (kind === 'submitted') return;
    const ids = await this.repo.insert(await this.composer.workflow(kind, report, em), em);
    return () => this.sends.enqueue(ids);
  }
}
