import type { Access, Role } from '@uppsikt/shared';

/** Who may open which part of the app. Admins are listed explicitly where they belong. */
export const ACCESS = {
  myReports: ['editor'],
  review: ['admin', 'reviewer'],
  periods: ['admin', 'reviewer'],
  importExport: ['admin', 'reviewer'],
  admin: ['admin'],
  account: 'user',
  cases: 'user',
  overview: 'user',
  report: 'user',
  public: 'public',
} as const satisfies Record<string, Access>;

export type AccessKey = keyof typeof ACCESS;

/**
 * Same rule as the shared `roleAllowed` (public / any user / listed roles). Not imported from there:
 * routes.js pulls the zod schemas into the first bundle.
 */
export function mayAccess(access: Access, roles: readonly Role[]): boolean {
  if (access === 'public') return true;
  if (access === 'user') return roles.length > 0;
  return roles.some((r) => (access as readonly Role[]).includes(r));
}

export interface NavItem {
  name: string;
  labelKey: string;
  access: Access;
}

/** The main navigation, in display order. Each item is shown only to roles that may use it. */
export const NAV_ITEMS: readonly NavItem[] = [
  { name: 'my-reports', labelKey: 'nav.myReports', access: ACCESS.myReports },
  { name: 'review', labelKey: 'nav.review', access: ACCESS.review },
  { name: 'cases', labelKey: 'nav.cases', access: ACCESS.cases },
  { name: 'overview', labelKey: 'nav.overview', access: ACCESS.overview },
  { name: 'periods', labelKey: 'nav.periods', access: ACCESS.periods },
  { name: 'import-export', labelKey: 'nav.importExport', access: ACCESS.importExport },
  { name: 'admin', labelKey: 'nav.admin', access: ACCESS.admin },
];

export function visibleNavItems(roles: readonly Role[]): NavItem[] {
  return NAV_ITEMS.filter((item) => mayAccess(item.access, roles));
}

/** Where a user lands after login: their own work first. */
export function homeRouteName(roles: readonly Role[]): string {
  if (roles.includes('editor')) return 'my-reports';
  if (roles.includes('reviewer') || roles.includes('admin')) return 'review';
  return 'overview';
}
