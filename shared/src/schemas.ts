import { z } from 'zod';
import {
  ALL_BODIES_SCOPES,
  BODY_KINDS,
  CASE_STATES,
  NOTIFICATION_KINDS,
  NOTIFICATION_STATES,
  PERIOD_STATES,
  REPORT_STATES,
  ROLES,
  TERMS,
} from './enums.js';
import { isSaneOffset, MAX_OFFSET_DAYS } from './calendar.js';
import { normaliseScaleText, SCALE_COLOURS, SUMMARY_MAX } from './scales.js';

/**
 * The HTTP contract as zod schemas. Requests are strict (unknown fields are rejected);
 * the API validates with them and publishes OpenAPI from them; the web app uses the types.
 */

/** Years a date may have: PostgreSQL refuses year 0, and no council decision lies outside this. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;
const yearInRange = (s: string) => {
  const year = Number(s.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR;
};
const yearMessage = `Årtalet ska ligga mellan ${MIN_YEAR} och ${MAX_YEAR}`;
/** A calendar date that exists (no 2026-02-30, no 2027-02-29), YYYY-MM-DD: every date field of the contract. */
export const isoDate = z.iso.date({ error: 'Ange ett datum som finns, skrivet ÅÅÅÅ-MM-DD' }).refine(yearInRange, yearMessage);
/** An instant with its offset (2026-09-15T12:00:00+02:00), on a date that exists. */
const instant = z.iso.datetime({ offset: true, error: 'Tidpunkt skrivs som 2026-09-15T12:00:00+02:00 (en tid som finns)' }).refine(yearInRange, yearMessage);
const bodyCode = z.string().trim().min(1).max(16).regex(/^[\p{Lu}\p{N}_-]+$/u, 'Organkod med versaler, t.ex. KS');
export const caseReference = z.string().trim().min(1).max(40).regex(/^[\p{L}\p{N}.:/ _-]+$/u, 'Ogiltig referens');
const version = z.number().int().min(1);
/** A period's id, `2026-T2`: every `period` a query filters on. */
export const periodIdField = z.string().regex(/^\d{4}-T[123]$/u, 'Perioden skrivs som 2020-T2');
/** Reminder/escalation offsets: checked as a list so that the error names the field itself. */
const offsets = z
  .array(z.string().max(40))
  .max(20)
  .superRefine((list, ctx) => {
    const bad = list.filter((o) => !isSaneOffset(o));
    if (bad.length) {
      ctx.addIssue({
        code: 'custom',
        message: `Ogiltig tidsrymd: ${bad.join(', ')}. Ange dagar som P7D (högst ${MAX_OFFSET_DAYS} dagar, mer än noll) eller en kortare tid som PT45S`,
      });
    }
  });

// ── errors ──────────────────────────────────────────────────────────────────
export const ErrorDetail = z.object({ path: z.string(), message: z.string() });
export const ErrorResponse = z.object({
  statusCode: z.number().int(),
  message: z.string(),
  details: z.array(ErrorDetail).optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

// ── paging ──────────────────────────────────────────────────────────────────
export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() });

// ── auth ────────────────────────────────────────────────────────────────────
export const RoleGrant = z.strictObject({ role: z.enum(ROLES), body: bodyCode.optional() });
export type RoleGrant = z.infer<typeof RoleGrant>;

export const LoginRequest = z.strictObject({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1024),
});
export const User = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  roles: z.array(RoleGrant),
  /** Whether the user gets workflow mail (returned/approved/reopened); deadline reminders always go out. */
  workflowMail: z.boolean().optional(),
  /** Logs in through the municipality's identity provider (single sign-on); roles come from its claims. */
  sso: z.boolean().optional(),
  /**
   * The logged-in user only (login, /api/auth/me): whether this installation lets a reviewer approve or
   * return a report they submitted themselves (ALLOW_SELF_APPROVAL). With a report's `submittedBy`
   * this tells the client what the four-eyes rule will refuse (`fourEyesRefuses`).
   */
  selfApproval: z.boolean().optional(),
});
export type User = z.infer<typeof User>;
export const LoginResponse = z.object({ user: User });
export const TokenRequest = z.strictObject({ name: z.string().trim().min(1).max(100) });
export const TokenResponse = z.object({ token: z.string(), name: z.string(), id: z.string() });
export const ApiToken = z.object({ id: z.string(), name: z.string(), createdAt: instant, lastUsedAt: instant.nullable() });
export type ApiToken = z.infer<typeof ApiToken>;
export const TokenListQuery = z.strictObject({ user: z.uuid('Ogiltigt användar-id').optional() });
export const PasswordChange = z.strictObject({
  currentPassword: z.string().min(1, 'Skriv ditt nuvarande lösenord').max(1024),
  newPassword: z.string().max(1024),
});
export const LogoutResponse = z.object({ redirect: z.string() });
export const AuthConfig = z.object({
  localLogin: z.boolean(),
  /** `name` completes the button text "Logga in med …"; `accessContact` is whom to ask for access. */
  sso: z.object({ name: z.string(), accessContact: z.string().nullable() }).nullable(),
});
export type AuthConfig = z.infer<typeof AuthConfig>;
/** Where to land in the web app after logging in (a local path; anything else is ignored). */
export const SsoLoginQuery = z.looseObject({ redirect: z.string().max(2000).optional() });
/** The provider's redirect back: anything it sends is looked at by the server, so the query is loose. */
export const SsoCallbackQuery = z.looseObject({
  code: z.string().optional(),
  state: z.string().optional(),
  iss: z.string().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
});

// ── health ──────────────────────────────────────────────────────────────────
export const HealthCheck = z.object({ status: z.enum(['up', 'down']), message: z.string().optional() });
export const HealthResponse = z.object({
  status: z.enum(['ok', 'error']),
  checks: z.object({ database: HealthCheck, redis: HealthCheck, mail: HealthCheck }),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

// ── bodies ──────────────────────────────────────────────────────────────────
export const Body = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(BODY_KINDS),
  active: z.boolean(),
  email: z.string().nullable(),
  version: z.number().int(),
});
export type Body = z.infer<typeof Body>;
export const BodyCreate = z.strictObject({
  code: bodyCode,
  name: z.string().trim().min(1).max(200),
  kind: z.enum(BODY_KINDS),
  email: z.email().max(254).nullable().optional(),
  active: z.boolean().optional(),
});
export const BodyPatch = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  kind: z.enum(BODY_KINDS).optional(),
  email: z.email().max(254).nullable().optional(),
  active: z.boolean().optional(),
  version: version.optional(),
});

// ── users ───────────────────────────────────────────────────────────────────
export const UserCreate = z.strictObject({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200),
  password: z.string().min(12, 'Lösenordet ska ha minst 12 tecken.').max(1024).optional(),
  roles: z.array(RoleGrant).max(100),
});
export const UserPatch = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  password: z.string().min(12, 'Lösenordet ska ha minst 12 tecken.').max(1024).optional(),
  roles: z.array(RoleGrant).max(100).optional(),
  active: z.boolean().optional(),
  workflowMail: z.boolean().optional(),
  version: version.optional(),
});
export const UserListItem = User.extend({
  active: z.boolean(),
  workflowMail: z.boolean(),
  createdAt: instant,
  version: z.number().int(),
  /** Single sign-on user: roles are replaced from the identity provider's claim at every login. */
  sso: z.boolean(),
  /** When an SSO login last replaced the roles (null: never). */
  rolesSyncedAt: instant.nullable(),
});
export type UserListItem = z.infer<typeof UserListItem>;

// ── kinds (the governance model) ────────────────────────────────────────────
/** A kind's key: lower-case letters, digits and underscores (`programme_priority`, `khp_item`). */
export const kindKey = z.string().trim().min(1).max(40).regex(/^[a-z][a-z0-9_]*$/u, 'Nyckeln skrivs med små bokstäver a–z, siffror och understreck, t.ex. khp_punkt');
export const ScaleEntry = z.object({ value: z.string(), colour: z.enum(SCALE_COLOURS) });
export type ScaleEntry = z.infer<typeof ScaleEntry>;
export const Kind = z.object({
  key: z.string(),
  name: z.string(),
  plural: z.string(),
  /** Ordered best first; each value's colour is used in charts and exports. */
  scale: z.array(ScaleEntry),
  /** The terms in which a forecast for the year is asked ([] = never). */
  asksForecast: z.array(z.enum(TERMS)),
  asksTrend: z.boolean(),
  /** A one-line `summary` (≤ 300 characters) beside the comment. */
  asksSummary: z.boolean(),
  /** The terms in which opening a period creates a report for the kind's cases. */
  terms: z.array(z.enum(TERMS)),
  /** false: a pure grouping level, never reported on. */
  reported: z.boolean(),
  position: z.number().int(),
  builtIn: z.boolean(),
  version: z.number().int(),
});
export type Kind = z.infer<typeof Kind>;
const scaleValueText = z.string().trim().min(1, 'Värdet saknas').max(100);
const termList = z.array(z.enum(TERMS)).max(3).refine((t) => new Set(t).size === t.length, 'En tertial står bara en gång');
/** Values must differ (also in case and trailing dots), or an import could not tell them apart. */
const distinctValues = (list: Array<{ value: string }>, ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  for (const [i, e] of list.entries()) {
    const norm = normaliseScaleText(e.value);
    if (seen.has(norm)) ctx.addIssue({ code: 'custom', path: [i, 'value'], message: `Värdet "${e.value}" står två gånger på skalan` });
    seen.add(norm);
  }
};
const kindName = z.string().trim().min(1).max(100);
export const KindCreate = z.strictObject({
  key: kindKey,
  name: kindName,
  plural: kindName,
  scale: z.array(z.strictObject({ value: scaleValueText, colour: z.enum(SCALE_COLOURS) })).min(1).max(10).superRefine(distinctValues),
  asksForecast: termList.optional(),
  asksTrend: z.boolean().optional(),
  asksSummary: z.boolean().optional(),
  terms: termList.optional(),
  reported: z.boolean().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});
export type KindCreate = z.infer<typeof KindCreate>;
/** A scale entry with `was` renames that value in every report (it must be on the scale now). */
export const KindScaleEdit = z.strictObject({ value: scaleValueText, colour: z.enum(SCALE_COLOURS), was: scaleValueText.optional() });
export const KindPatch = z.strictObject({
  name: kindName.optional(),
  plural: kindName.optional(),
  scale: z.array(KindScaleEdit).min(1).max(10).superRefine(distinctValues).optional(),
  asksForecast: termList.optional(),
  asksTrend: z.boolean().optional(),
  asksSummary: z.boolean().optional(),
  terms: termList.optional(),
  reported: z.boolean().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
  version,
});
export type KindPatch = z.infer<typeof KindPatch>;

// ── cases ───────────────────────────────────────────────────────────────────
export const Case = z.object({
  reference: z.string(),
  kind: z.string(),
  title: z.string().nullable(),
  text: z.string(),
  leadBody: z.string(),
  coBodies: z.array(z.string()),
  allBodies: z.boolean(),
  /** What `allBodies` covers: nämnder and styrelser (`boards`), or those and the bolag too. */
  allBodiesScope: z.enum(ALL_BODIES_SCOPES),
  /** The case one level up in the tree (överordnad), or null. */
  parent: z.string().nullable(),
  decidedOn: z.string().nullable(),
  decisionRef: z.string().nullable(),
  diaryNumber: z.string().nullable(),
  dueOn: z.string().nullable(),
  related: z.array(z.string()),
  state: z.enum(CASE_STATES),
  closedNote: z.string().nullable().optional(),
  version: z.number().int(),
  createdAt: instant,
  updatedAt: instant,
});
export type Case = z.infer<typeof Case>;

export const CaseCreate = z.strictObject({
  reference: caseReference,
  kind: kindKey,
  text: z.string().trim().min(1).max(20_000),
  title: z.string().trim().max(300).nullable().optional(),
  leadBody: bodyCode,
  coBodies: z.array(bodyCode).max(100).optional(),
  allBodies: z.boolean().optional(),
  allBodiesScope: z.enum(ALL_BODIES_SCOPES).optional(),
  /** The parent case's reference (null: none); an unknown parent or a cycle is 400 with path `parent`. */
  parent: caseReference.nullable().optional(),
  decidedOn: isoDate.nullable().optional(),
  decisionRef: z.string().trim().max(100).nullable().optional(),
  diaryNumber: z.string().trim().max(100).nullable().optional(),
  dueOn: isoDate.nullable().optional(),
  related: z.array(caseReference).max(100).optional(),
});
export type CaseCreate = z.infer<typeof CaseCreate>;
export const CasePatch = CaseCreate.omit({ reference: true }).partial().extend({ version });
export type CasePatch = z.infer<typeof CasePatch>;
export const CaseClose = z.strictObject({
  outcome: z.enum(['completed', 'cancelled']),
  note: z.string().trim().max(5000).optional().default(''),
  version: version.optional(),
});
export const CaseListQuery = PageQuery.extend({
  kind: kindKey.optional(),
  body: bodyCode.optional(),
  state: z.enum(CASE_STATES).optional(),
  q: z.string().trim().max(200).optional(),
  year: z.coerce.number().int().min(1900).max(2200).optional(),
  status: z.string().max(100).optional(),
  sort: z.enum(['reference', '-reference', 'updatedAt', '-updatedAt']).optional(),
  /** Direct children of this case. */
  parent: caseReference.optional(),
  /** The whole subtree below this case (the case itself excluded). */
  under: caseReference.optional(),
});
/** `GET /api/case-statuses?references=a,b`: up to 100 case references, comma separated. */
export const CaseStatusQuery = z.object({
  references: z
    .string()
    .max(5000)
    .transform((v) => [...new Set(v.split(',').map((r) => r.trim()).filter(Boolean))])
    .pipe(z.array(caseReference).min(1).max(100)),
});
/** A case's latest submitted or approved status (a draft never counts), per case that has one. */
export const CaseLatestStatus = z.object({ reference: z.string(), period: z.string(), status: z.string(), state: z.enum(REPORT_STATES) });
export type CaseLatestStatus = z.infer<typeof CaseLatestStatus>;

export const HistoryEvent = z.object({
  id: z.string(),
  at: instant,
  actor: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
});
export type HistoryEvent = z.infer<typeof HistoryEvent>;

// ── periods ─────────────────────────────────────────────────────────────────
export const Period = z.object({
  id: z.string(),
  year: z.number().int(),
  term: z.enum(TERMS),
  periodEnd: z.string(),
  submissionDeadline: instant,
  reviewDeadline: instant.nullable(),
  reminderOffsets: z.array(z.string()),
  escalationOffsets: z.array(z.string()),
  state: z.enum(PERIOD_STATES),
  published: z.boolean(),
  version: z.number().int(),
});
export type Period = z.infer<typeof Period>;
export const PeriodCreate = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  term: z.enum(TERMS),
  periodEnd: isoDate.optional(),
  submissionDeadline: instant,
  reviewDeadline: instant.nullable().optional(),
  reminderOffsets: offsets.optional(),
  escalationOffsets: offsets.optional(),
});
export type PeriodCreate = z.infer<typeof PeriodCreate>;
/** One body's part of a reminder or escalation send: who gets it and how many of the body's reports it lists. */
export const ReminderSend = z.object({
  at: instant,
  kind: z.enum(['reminder', 'escalation']),
  /** null: a send nobody got (skipped, or nothing open) */
  body: z.string().nullable(),
  recipients: z.array(z.string()),
  reports: z.number().int(),
  state: z.enum(['planned', 'sent', 'skipped']),
});
export type ReminderSend = z.infer<typeof ReminderSend>;

// ── reports ─────────────────────────────────────────────────────────────────
export const Contribution = z.object({
  body: z.string(),
  text: z.string(),
  updatedAt: instant.nullable(),
  version: z.number().int(),
});
export const Report = z.object({
  id: z.string(),
  case: z.object({ reference: z.string(), kind: z.string(), text: z.string(), title: z.string().nullable().optional() }),
  period: z.string(),
  body: z.string(),
  state: z.enum(REPORT_STATES),
  status: z.string().nullable(),
  /** One line beside the comment, for kinds that ask it (`asksSummary`); null otherwise. */
  summary: z.string().nullable(),
  comment: z.string().nullable(),
  forecast: z.string().nullable(),
  trend: z.string().nullable(),
  version: z.number().int(),
  submittedAt: instant.nullable(),
  submittedBy: z.string().nullable().optional(),
  approvedAt: instant.nullable(),
  approvedBy: z.string().nullable().optional(),
  returnComment: z.string().nullable(),
  /** When and by whom (name) it was last returned or reopened; set while the board works on it, cleared when it is submitted again. */
  returnedAt: instant.nullable().optional(),
  returnedBy: z.string().nullable().optional(),
  updatedAt: instant.optional(),
  contributions: z.array(Contribution),
});
export type Report = z.infer<typeof Report>;
const scaleText = z.string().trim().max(100);
export const ReportUpdate = z.strictObject({
  status: scaleText.nullable().optional(),
  summary: z.string().max(SUMMARY_MAX, `Sammanfattningen får vara högst ${SUMMARY_MAX} tecken`).nullable().optional(),
  comment: z.string().max(20_000).nullable().optional(),
  forecast: scaleText.nullable().optional(),
  trend: scaleText.nullable().optional(),
  version,
});
export type ReportUpdate = z.infer<typeof ReportUpdate>;
export const ReportVersionBody = z.strictObject({ version: version.optional() });
export const ReportReturn = z.strictObject({ comment: z.string().trim().min(1, 'Kommentar till nämnden saknas').max(20_000), version: version.optional() });
export const ReportReopen = z.strictObject({ comment: z.string().trim().min(1, 'Kommentar saknas').max(20_000), version: version.optional() });
export const ReportListQuery = PageQuery.extend({
  period: periodIdField.optional(),
  body: bodyCode.optional(),
  state: z.enum(REPORT_STATES).optional(),
  case: caseReference.optional(),
  kind: kindKey.optional(),
});
export const Submission = z.object({
  submittedAt: instant,
  submittedBy: z.string(),
  status: z.string().nullable(),
  summary: z.string().nullable(),
  comment: z.string().nullable(),
  forecast: z.string().nullable(),
  trend: z.string().nullable(),
});
export type Submission = z.infer<typeof Submission>;
export const ContributionUpdate = z.strictObject({ text: z.string().max(20_000), version: version.optional() });

// ── case detail ─────────────────────────────────────────────────────────────
/** A case as the tree shows it: in a breadcrumb (ancestors) or a child list. */
export const CaseNode = z.object({ reference: z.string(), kind: z.string(), title: z.string().nullable(), state: z.enum(CASE_STATES) });
export type CaseNode = z.infer<typeof CaseNode>;
export const CaseDetail = Case.extend({
  reports: z.array(Report),
  /** From the root down to the parent (empty without a parent). */
  ancestors: z.array(CaseNode),
  /** The direct children, in reference order. Their statuses: `GET /api/case-statuses`. */
  children: z.array(CaseNode),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

// ── imports ─────────────────────────────────────────────────────────────────
export const ImportProblem = z.object({ row: z.number().int(), column: z.string().nullable(), message: z.string() });
export const ImportResult = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(ImportProblem),
  warnings: z.array(ImportProblem),
  dryRun: z.boolean().optional(),
});
export type ImportResult = z.infer<typeof ImportResult>;
/** 422 of an import: the result (with its errors) in the error shape; nothing was written. */
export const ImportRejection = ImportResult.extend({ statusCode: z.literal(422), message: z.string() });

// ── notifications ───────────────────────────────────────────────────────────
export const Notification = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  period: z.string().nullable(),
  body: z.string(),
  state: z.enum(NOTIFICATION_STATES),
  sentAt: instant.nullable(),
  createdAt: instant,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  possibleDuplicate: z.boolean(),
});
export type Notification = z.infer<typeof Notification>;
export const NotificationListQuery = PageQuery.extend({
  period: periodIdField.optional(),
  to: z.string().max(254).optional(),
  kind: z.enum(NOTIFICATION_KINDS).optional(),
  state: z.enum(NOTIFICATION_STATES).optional(),
});
export const Preferences = z.strictObject({ workflowMail: z.boolean() });
export const CalendarLink = z.object({ url: z.string() });
export const CalendarQuery = z.object({ token: z.string().min(10).max(200) });

// ── mail catcher ────────────────────────────────────────────────────────────
export const CaughtMail = z.object({
  id: z.string(),
  to: z.array(z.string()),
  from: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
  createdAt: instant,
});
export type CaughtMail = z.infer<typeof CaughtMail>;

// ── public ──────────────────────────────────────────────────────────────────
export const PublicCase = z.object({
  reference: z.string(),
  kind: z.string(),
  title: z.string().nullable(),
  text: z.string(),
  body: z.string(),
  status: z.string().nullable(),
  comment: z.string().nullable(),
  forecast: z.string().nullable(),
  trend: z.string().nullable(),
  approvedAt: instant.nullable(),
});
/** A kind as open data names it without a session: names, scale with colours, place in the model. */
export const PublicKind = Kind.pick({ key: true, name: true, plural: true, scale: true, position: true });
export type PublicKind = z.infer<typeof PublicKind>;
export const PublicPeriodCases = z.object({
  period: Period.pick({ id: true, year: true, term: true, periodEnd: true }),
  items: z.array(PublicCase),
  total: z.number().int(),
  /** The kinds of `items` (only those), in the model's order: GET /api/kinds needs a session. */
  kinds: z.array(PublicKind),
});

// ── import and export files ─────────────────────────────────────────────────
const booleanish = z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1');
export const ImportQuery = z.object({ dryRun: booleanish });
export const IMPORT_TYPES = ['cases', 'reports', 'indicators'] as const;
export type ImportType = (typeof IMPORT_TYPES)[number];
export const ImportTemplateQuery = z.object({ type: z.enum(IMPORT_TYPES), format: z.enum(['xlsx', 'csv']).default('xlsx') });
export const EXPORT_FORMATS = ['docx', 'xlsx', 'csv', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const FollowupExportQuery = z.object({
  period: periodIdField,
  /** One kind, or every kind (one table each) when left out. */
  kind: kindKey.optional(),
  /**
   * A programme's appendix: this case and everything below it, opening with an "Överblick" of its
   * group levels (lägesbild, trend, summary), then one table per focus area; CSV and XLSX add the
   * columns `Överordnad`, `Trend` and `Sammanfattning`. Not together with `kind`.
   */
  under: caseReference.optional(),
  format: z.enum(EXPORT_FORMATS).default('docx'),
  /** Reviewers and admins may include submitted, not yet approved reports (a preview); readers get approved reports only. */
  includeSubmitted: booleanish,
});
