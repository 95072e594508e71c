/** Enumerations shared by the API, the worker and the web app. Values are part of the HTTP contract. */

export const ROLES = ['admin', 'reviewer', 'editor', 'reader'] as const;
export type Role = (typeof ROLES)[number];

export const BODY_KINDS = ['nämnd', 'styrelse', 'utskott', 'bolag', 'förvaltning'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

/** The keys of the built-in kinds (API.md "Governance model"); the kinds themselves are rows of `/api/kinds`. */
export const BUILT_IN_KIND_KEYS = ['assignment', 'supplementary_assignment', 'goal', 'programme_priority', 'programme', 'focus_area'] as const;
/** A kind's key: any row of the kind table (validated against it by the API), built in or added by an admin. */
export type CaseKind = string;
/**
 * @deprecated The four kinds the web app knew before kinds became data; a fallback until it reads
 * `/api/kinds`. The API never uses it.
 */
export const CASE_KINDS: readonly CaseKind[] = ['assignment', 'supplementary_assignment', 'goal', 'programme_priority'];

/**
 * What "samtliga nämnder" (`allBodies`) covers: `boards` every active body of kind nämnd or
 * styrelse ("samtliga nämnder"); `boards_and_companies` those and every active bolag ("samtliga
 * nämnder och bolag"). Only read when `allBodies` is true.
 */
export const ALL_BODIES_SCOPES = ['boards', 'boards_and_companies'] as const;
export type AllBodiesScope = (typeof ALL_BODIES_SCOPES)[number];
export const ALL_BODIES_KINDS: Record<AllBodiesScope, readonly BodyKind[]> = {
  boards: ['nämnd', 'styrelse'],
  boards_and_companies: ['nämnd', 'styrelse', 'bolag'],
};

export const CASE_STATES = ['active', 'completed', 'cancelled'] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const TERMS = ['T1', 'T2', 'T3'] as const;
export type Term = (typeof TERMS)[number];

export const PERIOD_STATES = ['open', 'closed'] as const;
export type PeriodState = (typeof PERIOD_STATES)[number];

export const REPORT_STATES = ['not_started', 'draft', 'submitted', 'returned', 'approved'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

export const NOTIFICATION_KINDS = ['reminder', 'escalation', 'submitted', 'returned', 'approved', 'reopened'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_STATES = ['queued', 'sent', 'failed'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

/**
 * Queue names. Never rename one: jobs already in Redis would stall.
 * The braces are a Redis Cluster hash tag so every key of a queue lands in one slot.
 */
export const QueueName = {
  Notifications: '{notifications}',
  Maintenance: '{maintenance}',
  Kolada: '{kolada}',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/** Job names, each handled by exactly one processor method (checked at boot). Never rename. */
export const JobName = {
  PurgeSessions: 'purge-sessions',
  Reconcile: 'reconcile',
  SendNotification: 'send-notification',
  CompactReadChanges: 'compact-read-changes',
  KoladaSync: 'kolada-sync',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

/** Which queue each job runs on. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.PurgeSessions]: QueueName.Maintenance,
  [JobName.Reconcile]: QueueName.Notifications,
  [JobName.SendNotification]: QueueName.Notifications,
  [JobName.CompactReadChanges]: QueueName.Maintenance,
  [JobName.KoladaSync]: QueueName.Kolada,
};

/** Swedish UI labels. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administratör',
  reviewer: 'Granskare',
  editor: 'Handläggare',
  reader: 'Läsare',
};

/** @deprecated The built-in kinds' names, a fallback for the web app until it reads `/api/kinds` (a kind's `name`). */
export const CASE_KIND_LABELS: Record<CaseKind, string> = {
  assignment: 'KF-uppdrag',
  supplementary_assignment: 'Tilläggsuppdrag',
  goal: 'KF-mål',
  programme_priority: 'Programprioritering',
  programme: 'Program',
  focus_area: 'Fokusområde',
};

/** @deprecated Plural forms of the built-in kinds (a kind's `plural`), a fallback like `CASE_KIND_LABELS`. */
export const CASE_KIND_PLURAL_LABELS: Record<CaseKind, string> = {
  assignment: 'KF-uppdrag',
  supplementary_assignment: 'Tilläggsuppdrag',
  goal: 'KF-mål',
  programme_priority: 'Programprioriteringar',
  programme: 'Program',
  focus_area: 'Fokusområden',
};

/**
 * A case's name in running text: kind and reference ("KF-uppdrag 2021:8"). A reference that already
 * starts with the kind's own word ("Mål 10" of a KF-mål) is not repeated: "KF-mål 10", not "KF-mål Mål 10".
 * `kind` is the kind (its `name` is used) or, as a fallback, a built-in kind's key.
 */
export function caseName(kind: { name: string } | CaseKind, reference: string): string {
  const label = typeof kind === 'string' ? (CASE_KIND_LABELS[kind] ?? kind) : kind.name;
  const m = /^(\p{L}+)\s+(\S.*)$/u.exec(reference);
  if (m && label.toLocaleLowerCase('sv').endsWith(m[1]!.toLocaleLowerCase('sv'))) return `${label} ${m[2]}`;
  return `${label} ${reference}`;
}

export const CASE_STATE_LABELS: Record<CaseState, string> = {
  active: 'Aktivt',
  completed: 'Avslutat',
  cancelled: 'Avbrutet',
};

export const REPORT_STATE_LABELS: Record<ReportState, string> = {
  not_started: 'Ej påbörjad',
  draft: 'Utkast',
  submitted: 'Inskickad',
  returned: 'Returnerad',
  approved: 'Godkänd',
};

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  reminder: 'Påminnelse',
  escalation: 'Eskalering',
  submitted: 'Inskickad',
  returned: 'Returnerad',
  approved: 'Godkänd',
  reopened: 'Öppnad igen',
};
