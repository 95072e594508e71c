import { z } from 'zod';
import * as s from './schemas.js';
import * as ind from './indicators.js';
import { Overview, OverviewQuery } from './overview.js';
import type { Role } from './enums.js';

/**
 * Every HTTP endpoint, once. The API binds its handlers to these entries (path, access, validation),
 * the OpenAPI document is generated from them, and the web app's client uses the same paths.
 *
 * access: 'public' (no login), 'user' (any logged-in user) or the roles that may call it.
 * Finer checks (editor of *this* body) are made by the services.
 */
export type Access = 'public' | 'user' | readonly Role[];

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string; // Nest style, e.g. /api/cases/:reference
  summary: string;
  tag: string;
  access: Access;
  query?: z.ZodType;
  body?: z.ZodType;
  /** multipart/form-data with a `file` field */
  upload?: boolean;
  response?: z.ZodType;
  status?: number;
  /** Non-JSON response media types (one of them is sent). */
  produces?: string | readonly string[];
  /** A second success answer, e.g. logout's 200 {redirect} for single sign-on users beside its 204. */
  also?: { status: number; response: z.ZodType; description: string };
  /** Status codes beyond those its shape implies (see `declaredStatuses` in openapi.ts). */
  errors?: readonly number[];
  /** Bodies of error statuses that do not have the error shape. */
  errorBodies?: Readonly<Partial<Record<number, z.ZodType>>>;
}

/** Media types of the files the API sends. */
export const MEDIA_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
  ics: 'text/calendar; charset=utf-8',
} as const;

const reviewer = ['admin', 'reviewer'] as const;
const admin = ['admin'] as const;
const editor = ['admin', 'editor'] as const;
const editorOrReviewer = ['admin', 'reviewer', 'editor'] as const;

export const routes = {
  login: { method: 'POST', path: '/api/auth/login', tag: 'auth', summary: 'Log in; sets the session cookie', access: 'public', body: s.LoginRequest, response: s.LoginResponse, status: 200, errors: [401, 429] },
  logout: { method: 'POST', path: '/api/auth/logout', tag: 'auth', summary: "Log out and end the session (204); for a single sign-on user 200 {redirect}: the provider's end-session URL", access: 'public', status: 204, also: { status: 200, response: s.LogoutResponse, description: "Single sign-on user: follow `redirect` to end the provider's session too" } },
  authConfig: { method: 'GET', path: '/api/auth/config', tag: 'auth', summary: 'How to log in: local passwords and/or single sign-on (button text)', access: 'public', response: s.AuthConfig },
  ssoLogin: { method: 'GET', path: '/api/auth/sso/login', tag: 'auth', summary: "302 to the identity provider (authorization code flow with PKCE S256, state and nonce); to the login page with a Swedish message when single sign-on is not configured or the provider cannot be reached", access: 'public', query: s.SsoLoginQuery, status: 302 },
  ssoCallback: { method: 'GET', path: '/api/auth/sso/callback', tag: 'auth', summary: "The provider's redirect back: 302 into the app with the session cookie, or to the login page with a Swedish message (never a session for a bad, replayed or expired callback)", access: 'public', query: s.SsoCallbackQuery, status: 302 },
  me: { method: 'GET', path: '/api/auth/me', tag: 'auth', summary: 'The logged-in user', access: 'user', response: s.User },
  createToken: { method: 'POST', path: '/api/auth/tokens', tag: 'auth', summary: 'Create a personal API token (shown once)', access: 'user', body: s.TokenRequest, response: s.TokenResponse, status: 201 },
  listTokens: { method: 'GET', path: '/api/auth/tokens', tag: 'auth', summary: "Your API tokens, newest first (admin: ?user=ID for anyone's)", access: 'user', query: s.TokenListQuery, response: z.array(s.ApiToken) },
  revokeToken: { method: 'DELETE', path: '/api/auth/tokens/:id', tag: 'auth', summary: "Revoke an API token (your own; admin: anyone's)", access: 'user', status: 204 },
  changePassword: { method: 'POST', path: '/api/auth/password', tag: 'auth', summary: "Change your password; ends your other sessions", access: 'user', body: s.PasswordChange, status: 204 },

  health: { method: 'GET', path: '/api/health', tag: 'health', summary: 'Health of database, Redis and mail', access: 'public', response: s.HealthResponse, errors: [503], errorBodies: { 503: s.HealthResponse } },

  listBodies: { method: 'GET', path: '/api/bodies', tag: 'bodies', summary: 'All bodies', access: 'user', response: z.array(s.Body) },
  createBody: { method: 'POST', path: '/api/bodies', tag: 'bodies', summary: 'Create a body', access: admin, body: s.BodyCreate, response: s.Body, status: 201, errors: [409] },
  patchBody: { method: 'PATCH', path: '/api/bodies/:code', tag: 'bodies', summary: 'Change a body', access: admin, body: s.BodyPatch, response: s.Body },

  listKinds: { method: 'GET', path: '/api/kinds', tag: 'kinds', summary: 'The governance model: every kind of case with its scale, what is asked when, and its reporting terms, in position order', access: 'user', response: z.array(s.Kind) },
  createKind: { method: 'POST', path: '/api/kinds', tag: 'kinds', summary: 'Add a kind of case', access: admin, body: s.KindCreate, response: s.Kind, status: 201, errors: [409] },
  patchKind: { method: 'PATCH', path: '/api/kinds/:key', tag: 'kinds', summary: 'Change a kind; a scale entry with `was` renames that value in every report (logged); removing a value reports still use is 409', access: admin, body: s.KindPatch, response: s.Kind },

  listUsers: { method: 'GET', path: '/api/users', tag: 'users', summary: 'All users', access: admin, query: s.PageQuery, response: s.page(s.UserListItem) },
  createUser: { method: 'POST', path: '/api/users', tag: 'users', summary: 'Create a user', access: admin, body: s.UserCreate, response: s.UserListItem, status: 201, errors: [409] },
  patchUser: { method: 'PATCH', path: '/api/users/:id', tag: 'users', summary: 'Change a user', access: admin, body: s.UserPatch, response: s.UserListItem },

  listCases: { method: 'GET', path: '/api/cases', tag: 'cases', summary: 'Search and list cases', access: 'user', query: s.CaseListQuery, response: s.page(s.Case) },
  createCase: { method: 'POST', path: '/api/cases', tag: 'cases', summary: 'Create a case', access: reviewer, body: s.CaseCreate, response: s.Case, status: 201, errors: [409] },
  getCase: { method: 'GET', path: '/api/cases/:reference', tag: 'cases', summary: 'A case with its reports', access: 'user', response: s.CaseDetail },
  patchCase: { method: 'PATCH', path: '/api/cases/:reference', tag: 'cases', summary: 'Change a case', access: reviewer, body: s.CasePatch, response: s.Case },
  closeCase: { method: 'POST', path: '/api/cases/:reference/close', tag: 'cases', summary: 'Close a case as completed or cancelled', access: reviewer, body: s.CaseClose, response: s.Case, status: 200 },
  caseStatuses: { method: 'GET', path: '/api/case-statuses', tag: 'cases', summary: "Each listed case's latest submitted or approved status (for the case list's status column)", access: 'user', query: s.CaseStatusQuery, response: z.array(s.CaseLatestStatus) },
  caseHistory: { method: 'GET', path: '/api/cases/:reference/history', tag: 'cases', summary: 'Audit history of a case and its reports, newest first', access: 'user', response: z.array(s.HistoryEvent) },

  listPeriods: { method: 'GET', path: '/api/periods', tag: 'periods', summary: 'All periods', access: 'user', response: z.array(s.Period) },
  createPeriod: { method: 'POST', path: '/api/periods', tag: 'periods', summary: 'Open a period (one report per active case)', access: reviewer, body: s.PeriodCreate, response: s.Period, status: 201, errors: [409] },
  closePeriod: { method: 'POST', path: '/api/periods/:id/close', tag: 'periods', summary: 'Close a period', access: reviewer, response: s.Period, status: 200 },
  periodReminders: { method: 'GET', path: '/api/periods/:id/reminders', tag: 'periods', summary: "Every reminder and escalation of a period: who gets which when, planned by the rule that sends them, and what was sent", access: reviewer, response: z.array(s.ReminderSend) },
  publishPeriod: { method: 'POST', path: '/api/periods/:id/publish', tag: 'periods', summary: 'Publish a period (approved reports become public)', access: reviewer, response: s.Period, status: 200 },

  listReports: { method: 'GET', path: '/api/reports', tag: 'reports', summary: 'List reports', access: 'user', query: s.ReportListQuery, response: s.page(s.Report) },
  getReport: { method: 'GET', path: '/api/reports/:id', tag: 'reports', summary: 'A report', access: 'user', response: s.Report },
  saveReport: { method: 'PUT', path: '/api/reports/:id', tag: 'reports', summary: 'Save a draft', access: editor, body: s.ReportUpdate, response: s.Report },
  submitReport: { method: 'POST', path: '/api/reports/:id/submit', tag: 'reports', summary: 'Submit a report for review', access: editor, body: s.ReportVersionBody, response: s.Report, status: 200 },
  returnReport: { method: 'POST', path: '/api/reports/:id/return', tag: 'reports', summary: 'Return a report to the body', access: reviewer, body: s.ReportReturn, response: s.Report, status: 200 },
  approveReport: { method: 'POST', path: '/api/reports/:id/approve', tag: 'reports', summary: 'Approve a report', access: reviewer, body: s.ReportVersionBody, response: s.Report, status: 200 },
  reopenReport: { method: 'POST', path: '/api/reports/:id/reopen', tag: 'reports', summary: 'Reopen an approved report', access: reviewer, body: s.ReportReopen, response: s.Report, status: 200 },
  reportSubmissions: { method: 'GET', path: '/api/reports/:id/submissions', tag: 'reports', summary: 'Immutable snapshots of every submission, oldest first', access: 'user', response: z.array(s.Submission) },
  saveContribution: { method: 'PUT', path: '/api/reports/:id/contributions/:body', tag: 'reports', summary: "Save a co-body's contribution", access: editor, body: s.ContributionUpdate, response: s.Report },

  overview: { method: 'GET', path: '/api/overview', tag: 'reports', summary: "A period's reports counted per kind, body or parent by the status of those submitted or approved (the same numbers for every role); ?under=REF restricts it to a subtree", access: 'user', query: OverviewQuery, response: Overview },

  publicPeriodCases: { method: 'GET', path: '/api/public/periods/:id/cases', tag: 'public', summary: 'Approved statuses of a published period', access: 'public', response: s.PublicPeriodCases },
  publicPeriods: { method: 'GET', path: '/api/public/periods', tag: 'public', summary: 'Published periods', access: 'public', response: z.array(s.Period) },

  listNotifications: { method: 'GET', path: '/api/notifications', tag: 'notifications', summary: 'E-mail Uppsikt has sent or owes, newest first', access: reviewer, query: s.NotificationListQuery, response: s.page(s.Notification) },
  retryNotification: { method: 'POST', path: '/api/notifications/:id/retry', tag: 'notifications', summary: 'Queue a failed notification again', access: admin, response: s.Notification, status: 200 },
  updatePreferences: { method: 'PATCH', path: '/api/auth/me/preferences', tag: 'auth', summary: 'Turn workflow mail on or off for yourself (deadline reminders always go out)', access: 'user', body: s.Preferences, response: s.Preferences },
  calendarLink: { method: 'GET', path: '/api/auth/me/calendar', tag: 'auth', summary: 'The address of your personal deadline calendar (iCalendar)', access: 'user', response: s.CalendarLink },
  calendarFeed: { method: 'GET', path: '/api/calendar.ics', tag: 'notifications', summary: 'Per-user iCalendar feed of the deadlines that concern the user', access: 'public', query: s.CalendarQuery, produces: MEDIA_TYPES.ics, errors: [404] },

  importCases: { method: 'POST', path: '/api/imports/cases', tag: 'imports', summary: 'Import cases from a CSV or XLSX file; all or nothing (422 with the same body and nothing written on any error)', access: reviewer, upload: true, query: s.ImportQuery, response: s.ImportResult, status: 200, errorBodies: { 422: s.ImportRejection } },
  importReports: { method: 'POST', path: '/api/imports/reports', tag: 'imports', summary: 'Import approved status reports (status history) from a CSV or XLSX file; all or nothing', access: reviewer, upload: true, query: s.ImportQuery, response: s.ImportResult, status: 200, errorBodies: { 422: s.ImportRejection } },
  importTemplate: { method: 'GET', path: '/api/imports/template', tag: 'imports', summary: 'An empty import file with the right headers (XLSX with an instructions sheet, or CSV)', access: reviewer, query: s.ImportTemplateQuery, produces: [MEDIA_TYPES.xlsx, MEDIA_TYPES.csv] },
  exportFollowup: { method: 'GET', path: '/api/exports/followup', tag: 'exports', summary: 'The follow-up appendix (Bilaga 1) of a period as DOCX, XLSX, CSV or PDF', access: ['admin', 'reviewer', 'reader'], query: s.FollowupExportQuery, produces: [MEDIA_TYPES.docx, MEDIA_TYPES.xlsx, MEDIA_TYPES.csv, MEDIA_TYPES.pdf], errors: [404] },

  listIndicators: { method: 'GET', path: '/api/cases/:reference/indicators', tag: 'indicators', summary: "A case's indicators (nyckeltal) with their yearly values, latest value, whether the target is met and the Kolada fetch state; readers too (published figures)", access: 'user', response: z.array(ind.Indicator) },
  allIndicators: { method: 'GET', path: '/api/indicators', tag: 'indicators', summary: 'Every indicator of every case, in case order; ?met=false lists those whose latest value misses the target', access: 'user', query: ind.IndicatorListQuery, response: z.array(ind.Indicator) },
  createIndicator: { method: 'POST', path: '/api/cases/:reference/indicators', tag: 'indicators', summary: 'Add an indicator to a case', access: reviewer, body: ind.IndicatorCreate, response: ind.Indicator, status: 201 },
  patchIndicator: { method: 'PATCH', path: '/api/indicators/:id', tag: 'indicators', summary: 'Change an indicator (a new Kolada KPI or gender drops the values fetched for the old one)', access: reviewer, body: ind.IndicatorPatch, response: ind.Indicator },
  deleteIndicator: { method: 'DELETE', path: '/api/indicators/:id', tag: 'indicators', summary: 'Remove an indicator (its history stays in the case history)', access: reviewer, status: 204 },
  putIndicatorValue: { method: 'PUT', path: '/api/indicators/:id/values/:year', tag: 'indicators', summary: "Type a year's value (editor of the case's lead body, or reviewer); 409 for a year whose value came from Kolada", access: editorOrReviewer, body: ind.IndicatorValuePut, response: ind.Indicator },
  syncIndicators: { method: 'POST', path: '/api/indicators/sync', tag: 'indicators', summary: 'Fetch every Kolada-linked indicator now (in the worker; answers at once)', access: admin, response: ind.IndicatorSyncResponse, status: 202 },

  importIndicators: { method: 'POST', path: '/api/imports/indicators', tag: 'imports', summary: 'Import indicators and their yearly values from a CSV or XLSX file; all or nothing', access: reviewer, upload: true, query: s.ImportQuery, response: s.ImportResult, status: 200, errorBodies: { 422: s.ImportRejection } },

  mailCatcher: { method: 'GET', path: '/api/admin/mail', tag: 'admin', summary: 'Messages kept by the built-in mail catcher', access: admin, query: s.PageQuery, response: s.page(s.CaughtMail) },
} as const satisfies Record<string, RouteDef>;

export type RouteName = keyof typeof routes;

export function roleAllowed(access: Access, roles: readonly Role[]): boolean {
  if (access === 'public') return true;
  if (access === 'user') return roles.length > 0;
  return roles.some((r) => (access as readonly Role[]).includes(r));
}

export { editorOrReviewer };
