import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Report } from '@uppsikt/shared';
import { AppConfig } from '../../config/env.js';
import type { ReportEventKind } from '../reports/report.events.js';
import { NotificationRepository, type NewNotification, type RecipientLines } from './notification.repository.js';
import type { DeadlineSlot } from './slots.js';
import { escalationMail, reminderMail, submittedDigestMail, workflowMail, type Rendered, type ReportLine, type TemplateContext } from './templates.js';

export const SUBMITTED_DIGEST_WINDOW_MS = 15 * 60_000;

/** One person's (or one body address's) digest: the reports it lists. */
export interface Digest extends RecipientLines {
  audience: 'editor' | 'body' | 'reviewer';
}

/** How many of a digest's reports belong to each body. */
export function reportCounts(lines: ReportLine[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const l of lines) counts[l.body] = (counts[l.body] ?? 0) + 1;
  return counts;
}

export interface DigestPeriod {
  id: string;
  submissionDeadline: Date;
}

/**
 * Decides who gets which mail and renders it: one digest per person per deadline slot (escalations
 * also to the body's own address and every reviewer), the reviewers' submission digests and the
 * workflow mails. Reads through the repository; writes nothing.
 */
@Injectable()
export class DigestComposer {
  constructor(
    private readonly repo: NotificationRepository,
    private readonly config: AppConfig,
  ) {}

  private ctx(): TemplateContext {
    return { appUrl: this.config.appUrl, municipality: this.config.env.MUNICIPALITY_NAME };
  }

  /**
   * Who is owed a digest at one reminder or escalation slot, and which reports it lists: every editor
   * of a body with unsubmitted reports (all of their open reports in one digest); for escalations also
   * the body's own address and every reviewer. The reconciler sends this; the preview shows it.
   */
  async deadlinePlan(p: DigestPeriod, slot: DeadlineSlot, tx?: EntityManager): Promise<Digest[]> {
    const digests: Digest[] = (await this.repo.openReportsByEditor(p.id, tx)).map((e) => ({ ...e, audience: 'editor' }));
    if (slot.kind === 'escalation') {
      for (const b of await this.repo.openReportsByBodyAddress(p.id, tx)) digests.push({ ...b, audience: 'body' });
      const open = await this.repo.openReports(p.id, tx);
      if (open.length) for (const r of await this.repo.reviewers(false, tx)) digests.push({ recipient: r.email, userId: r.id, lines: open, audience: 'reviewer' });
    }
    return digests;
  }

  /**
   * The digests of one slot as they would be created now, chunk by chunk: the editors of about a
   * hundred bodies at a time, then (escalations) the bodies' own addresses and the reviewers. Each
   * recipient gets one digest, as in `deadlinePlan`: a reviewer's overrides a body address's, which
   * overrides an editor's. Digests that list the same reports (a body's editors; every reviewer)
   * share one render function and one counts object: the insert renders each once, batch by batch.
   */
  async *deadline(p: DigestPeriod, slot: DeadlineSlot, tx?: EntityManager): AsyncGenerator<NewNotification[]> {
    const reviewers = slot.kind === 'escalation' ? await this.repo.reviewers(false, tx) : [];
    const bodyAddresses: Digest[] = slot.kind === 'escalation' ? (await this.repo.openReportsByBodyAddress(p.id, tx)).map((b) => ({ ...b, audience: 'body' })) : [];
    const overridden = new Set([...reviewers.map((r) => r.email), ...bodyAddresses.map((b) => b.recipient)]);
    for await (const chunk of this.repo.openReportsByEditorInChunks(p.id, tx)) {
      yield this.notifications(p, slot, chunk.filter((e) => !overridden.has(e.recipient)).map((e) => ({ ...e, audience: 'editor' as const })));
    }
    if (slot.kind !== 'escalation') return;
    const reviewerEmails = new Set(reviewers.map((r) => r.email));
    yield this.notifications(p, slot, bodyAddresses.filter((b) => !reviewerEmails.has(b.recipient)));
    const open = reviewers.length ? await this.repo.openReports(p.id, tx) : [];
    if (open.length) yield this.notifications(p, slot, reviewers.map((r) => ({ recipient: r.email, userId: r.id, lines: open, audience: 'reviewer' as const })));
  }

  private notifications(p: DigestPeriod, slot: DeadlineSlot, digests: Digest[]): NewNotification[] {
    const ctx = this.ctx();
    const shared = new Map<ReportLine[], Map<Digest['audience'], { mail: () => Rendered; counts: Record<string, number> }>>();
    return digests.map((d) => {
      let byAudience = shared.get(d.lines);
      if (!byAudience) shared.set(d.lines, (byAudience = new Map()));
      let r = byAudience.get(d.audience);
      if (!r) {
        const { lines, audience } = d;
        const mail = slot.kind === 'reminder' ? () => reminderMail(ctx, p.id, p.submissionDeadline, lines) : () => escalationMail(ctx, p.id, p.submissionDeadline, lines, audience);
        byAudience.set(d.audience, (r = { mail, counts: reportCounts(d.lines) }));
      }
      return { kind: slot.kind, periodId: p.id, slot: slot.key, recipient: d.recipient, recipientUserId: d.userId, reportCounts: r.counts, mail: r.mail };
    });
  }

  /** Reviewers get what was submitted in each 15-minute window of the last day that has closed by `now`. */
  async submitted(now: Date, tx?: EntityManager): Promise<NewNotification[]> {
    const windowEnd = Math.floor(now.getTime() / SUBMITTED_DIGEST_WINDOW_MS) * SUBMITTED_DIGEST_WINDOW_MS;
    const rows = await this.repo.submissionsAwaitingReview(new Date(windowEnd - 24 * 3_600_000), new Date(windowEnd), SUBMITTED_DIGEST_WINDOW_MS, tx);
    if (!rows.length) return [];
    const reviewers = await this.repo.reviewers(true, tx);
    const groups = new Map<string, { window: string; periodId: string; lines: ReportLine[] }>();
    for (const r of rows) {
      const key = `${r.window}|${r.periodId}`;
      const g = groups.get(key) ?? { window: r.window, periodId: r.periodId, lines: [] };
      g.lines.push({ reportId: r.reportId, reference: r.reference, text: r.text, body: r.body, state: r.state });
      groups.set(key, g);
    }
    const items: NewNotification[] = [];
    for (const g of groups.values()) {
      const mail = submittedDigestMail(this.ctx(), g.periodId, g.lines);
      for (const rv of reviewers) items.push({ kind: 'submitted', periodId: g.periodId, slot: `submitted-${g.window}`, recipient: rv.email, recipientUserId: rv.id, reportCounts: reportCounts(g.lines), mail });
    }
    return items;
  }

  /** A returned, approved or reopened report, to the body's editors who want such mail. */
  async workflow(kind: Exclude<ReportEventKind, 'submitted'>, report: Report, tx?: EntityManager): Promise<NewNotification[]> {
    const line = { reportId: report.id, reference: report.case.reference, text: report.case.text, body: report.body, state: report.state };
    const mail = workflowMail(this.ctx(), kind, report.period, line, report.returnComment);
    const editors = await this.repo.editorsOf(report.body, tx);
    return editors.map((e) => ({ kind, periodId: report.period, slot: `report-${report.id}-v${report.version}`, recipient: e.email, recipientUserId: e.id, reportCounts: reportCounts([line]), mail }));
  }
}
