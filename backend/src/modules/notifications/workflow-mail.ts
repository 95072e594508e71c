import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Report } from '@uppsikt/shared';
import { AppConfig } from '../../config/env.js';
import { ReportEvents, type ReportEventKind } from '../reports/report.events.js';
import { NotificationStore } from './notification-store.js';
import { Reconciler } from './reconciler.js';
import { workflowMail } from './templates.js';

/**
 * Returned, approved and reopened reports reach the body's editors at once. The rows are written
 * in the report's transaction; the send jobs are enqueued after commit (and by the reconciler,
 * should Redis be unavailable at that moment). Submissions reach reviewers as a digest instead.
 */
@Injectable()
export class WorkflowMail implements OnModuleInit {
  constructor(
    private readonly events: ReportEvents,
    private readonly store: NotificationStore,
    private readonly reconciler: Reconciler,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.events.on((em, kind, report) => this.record(em, kind, report));
  }

  private async record(em: EntityManager, kind: ReportEventKind, report: Report) {
    if (kind === 'submitted') return;
    const editors = await this.store.editorsOf(em, report.body);
    const line = { reportId: report.id, reference: report.case.reference, text: report.case.text, body: report.body, state: report.state };
    const mail = workflowMail({ appUrl: this.config.appUrl, municipality: this.config.env.MUNICIPALITY_NAME }, kind, report.period, line, report.returnComment);
    const ids = await this.store.insert(
      em,
      editors.map((e) => ({ kind, periodId: report.period, slot: `report-${report.id}-v${report.version}`, recipient: e.email, recipientUserId: e.id, mail })),
    );
    return async () => {
      for (const id of ids) await this.reconciler.enqueueSend(id);
    };
  }
}
