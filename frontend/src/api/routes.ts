import type { RouteName, routes } from '@uppsikt/shared';

/**
 * Method and path of every endpoint, mirrored from the shared route table.
 *
 * The shared table carries the zod schemas; importing its runtime value would put zod into the
 * login bundle. This mirror is checked against the table at compile time (`satisfies` below): a
 * renamed or removed route, a changed path or method fails `pnpm run typecheck`.
 */
type Entry<N extends RouteName> = readonly [(typeof routes)[N]['method'], (typeof routes)[N]['path']];

export const API_ROUTES = {
  login: ['POST', '/api/auth/login'],
  logout: ['POST', '/api/auth/logout'],
  me: ['GET', '/api/auth/me'],
  createToken: ['POST', '/api/auth/tokens'],
  listTokens: ['GET', '/api/auth/tokens'],
  revokeToken: ['DELETE', '/api/auth/tokens/:id'],
  changePassword: ['POST', '/api/auth/password'],
  authConfig: ['GET', '/api/auth/config'],
  health: ['GET', '/api/health'],
  listKinds: ['GET', '/api/kinds'],
  createKind: ['POST', '/api/kinds'],
  patchKind: ['PATCH', '/api/kinds/:key'],
  listBodies: ['GET', '/api/bodies'],
  createBody: ['POST', '/api/bodies'],
  patchBody: ['PATCH', '/api/bodies/:code'],
  listUsers: ['GET', '/api/users'],
  createUser: ['POST', '/api/users'],
  patchUser: ['PATCH', '/api/users/:id'],
  listCases: ['GET', '/api/cases'],
  createCase: ['POST', '/api/cases'],
  getCase: ['GET', '/api/cases/:reference'],
  patchCase: ['PATCH', '/api/cases/:reference'],
  closeCase: ['POST', '/api/cases/:reference/close'],
  caseStatuses: ['GET', '/api/case-statuses'],
  caseHistory: ['GET', '/api/cases/:reference/history'],
  listPeriods: ['GET', '/api/periods'],
  periodReminders: ['GET', '/api/periods/:id/reminders'],
  createPeriod: ['POST', '/api/periods'],
  closePeriod: ['POST', '/api/periods/:id/close'],
  publishPeriod: ['POST', '/api/periods/:id/publish'],
  listReports: ['GET', '/api/reports'],
  overview: ['GET', '/api/overview'],
  getReport: ['GET', '/api/reports/:id'],
  saveReport: ['PUT', '/api/reports/:id'],
  submitReport: ['POST', '/api/reports/:id/submit'],
  returnReport: ['POST', '/api/reports/:id/return'],
  approveReport: ['POST', '/api/reports/:id/approve'],
  reopenReport: ['POST', '/api/reports/:id/reopen'],
  reportSubmissions: ['GET', '/api/reports/:id/submissions'],
  saveContribution: ['PUT', '/api/reports/:id/contributions/:body'],
  publicPeriodCases: ['GET', '/api/public/periods/:id/cases'],
  publicPeriods: ['GET', '/api/public/periods'],
  listNotifications: ['GET', '/api/notifications'],
  retryNotification: ['POST', '/api/notifications/:id/retry'],
  updatePreferences: ['PATCH', '/api/auth/me/preferences'],
  calendarLink: ['GET', '/api/auth/me/calendar'],
  importCases: ['POST', '/api/imports/cases'],
  importReports: ['POST', '/api/imports/reports'],
  importIndicators: ['POST', '/api/imports/indicators'],
  importTemplate: ['GET', '/api/imports/template'],
  exportFollowup: ['GET', '/api/exports/followup'],
  mailCatcher: ['GET', '/api/admin/mail'],
  listIndicators: ['GET', '/api/cases/:reference/indicators'],
  allIndicators: ['GET', '/api/indicators'],
  createIndicator: ['POST', '/api/cases/:reference/indicators'],
  patchIndicator: ['PATCH', '/api/indicators/:id'],
  deleteIndicator: ['DELETE', '/api/indicators/:id'],
  putIndicatorValue: ['PUT', '/api/indicators/:id/values/:year'],
} as const satisfies { [N in RouteName]?: Entry<N> };

/** The endpoints this client calls (a subset of the shared table; new shared routes need no change here). */
export type ClientRoute = keyof typeof API_ROUTES & RouteName;
