import { REPORT_STATES, type ReportState, type Term } from './enums.js';
import { isOnScale, SUMMARY_MAX, TREND_SCALE, type KindAsks } from './scales.js';

/**
 * The report state machine. Both the API (to enforce) and the web app (to show which
 * buttons apply) use it.
 *
 * not_started → draft → submitted → (returned → draft → submitted)* → approved; reopen: approved → returned.
 */
export const REPORT_ACTIONS = ['save', 'submit', 'return', 'approve', 'reopen'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

/** A user's action, or `import`: the status history file approves a report, whatever its state. */
export type ReportTransition = ReportAction | 'import';

/** Every report starts here, one per case and open period. */
export const INITIAL_REPORT_STATE: ReportState = REPORT_STATES[0];

const WRITABLE: readonly ReportState[] = [INITIAL_REPORT_STATE, 'draft', 'returned'];

const TRANSITIONS: Record<ReportTransition, { from: readonly ReportState[]; to: ReportState }> = {
  save: { from: WRITABLE, to: 'draft' },
  submit: { from: WRITABLE, to: 'submitted' },
  return: { from: ['submitted'], to: 'returned' },
  approve: { from: ['submitted'], to: 'approved' },
  reopen: { from: ['approved'], to: 'returned' },
  import: { from: REPORT_STATES, to: 'approved' },
};

/** The states a board may still write a report in (save and submit it); ownership changes reach only these. */
export const WRITABLE_REPORT_STATES: readonly ReportState[] = TRANSITIONS.save.from;

/** The states a reader sees: what a board has submitted, and what the reviewers approved. */
export const PUBLISHED_REPORT_STATES: readonly ReportState[] = [TRANSITIONS.submit.to, TRANSITIONS.approve.to];

export function isPublished(state: string): boolean {
  return (PUBLISHED_REPORT_STATES as readonly string[]).includes(state);
}

export function canTransition(state: ReportState, action: ReportTransition): boolean {
  return TRANSITIONS[action].from.includes(state);
}

/**
 * Four eyes: a reviewer does not approve or return a report they submitted themselves, unless the
 * installation allows it (ALLOW_SELF_APPROVAL; /api/auth/me's `selfApproval`). `submittedBy` is the
 * submitter's user id as the report carries it. The API refuses with 403; the web app hides the actions.
 */
export function fourEyesRefuses(submittedBy: string | null | undefined, userId: string, selfApproval: boolean | undefined): boolean {
  return !!submittedBy && submittedBy === userId && !selfApproval;
}

export function nextState(state: ReportState, action: ReportTransition): ReportState {
  if (!canTransition(state, action)) {
    throw new Error(`Action ${action} is not allowed in state ${state}`);
  }
  return TRANSITIONS[action].to;
}

export function allowedActions(state: ReportState): ReportAction[] {
  return REPORT_ACTIONS.filter((a) => canTransition(state, a));
}

/** Which actions a role may take; editor actions also need the right body (checked by the API). */
export const ACTION_ROLE: Record<ReportAction, 'editor' | 'reviewer'> = {
  save: 'editor',
  submit: 'editor',
  return: 'reviewer',
  approve: 'reviewer',
  reopen: 'reviewer',
};

/** Whether the kind asks a forecast for the year in this term (`asksForecast` lists the terms). */
export function asksForecast(kind: Pick<KindAsks, 'asksForecast'>, term: Term): boolean {
  return kind.asksForecast.includes(term);
}

/** Whether the kind asks a trend (Positiv, Oförändrad, Negativ). */
export function asksTrend(kind: Pick<KindAsks, 'asksTrend'>): boolean {
  return kind.asksTrend;
}

/** Whether the kind asks a one-line summary beside the comment. */
export function asksSummary(kind: Pick<KindAsks, 'asksSummary'>): boolean {
  return kind.asksSummary;
}

export interface SubmissionInput {
  status?: string | null;
  summary?: string | null;
  comment?: string | null;
  forecast?: string | null;
  trend?: string | null;
}

export interface FieldProblem {
  path: string;
  message: string;
}

/** What a report lacks before it may be submitted (Swedish messages, shown to users). */
export function submissionProblems(kind: KindAsks, term: Term, r: SubmissionInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!r.status) problems.push({ path: 'status', message: 'Status saknas' });
  else if (!isOnScale(kind, r.status)) problems.push({ path: 'status', message: `Status "${r.status}" finns inte på skalan` });
  if (!r.comment || !r.comment.trim()) problems.push({ path: 'comment', message: 'Motivering/kommentar saknas' });
  if (asksForecast(kind, term)) {
    if (r.forecast && !isOnScale(kind, r.forecast)) {
      problems.push({ path: 'forecast', message: `Prognos "${r.forecast}" finns inte på skalan` });
    }
  }
  if (asksTrend(kind) && r.trend && !(TREND_SCALE as readonly string[]).includes(r.trend)) {
    problems.push({ path: 'trend', message: `Trend "${r.trend}" finns inte på skalan` });
  }
  if (asksSummary(kind) && r.summary && r.summary.length > SUMMARY_MAX) {
    problems.push({ path: 'summary', message: `Sammanfattningen får vara högst ${SUMMARY_MAX} tecken` });
  }
  return problems;
}
