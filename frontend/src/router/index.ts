import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteRecordRaw, type Router, type RouterHistory } from 'vue-router';
import { nextTick } from 'vue';
import type { Access } from '@uppsikt/shared';
import { maySessionExist, useAuthStore } from '@/stores/auth';
import { useBodiesStore } from '@/stores/bodies';
import { useKindsStore } from '@/stores/kinds';
import { usePeriodsStore } from '@/stores/periods';
import { i18n } from '@/i18n';
import { focusHeading, setDocumentTitle } from './page';
import { safeRedirect } from './redirect';
import { ACCESS, homeRouteName, mayAccess } from './access';

declare module 'vue-router' {
  interface RouteMeta {
    /** Who may open the page (shared `Access`: public, any user, or roles). */
    access?: Access;
    /** i18n key of the page title (views with a dynamic title override it). */
    titleKey?: string;
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('@/views/HomeRedirect.vue'), meta: { access: 'user', titleKey: 'app.name' } },
  { path: '/logga-in', name: 'login', component: () => import('@/views/auth/LoginView.vue'), meta: { access: ACCESS.public, titleKey: 'login.title' } },
  { path: '/mina-rapporter', name: 'my-reports', component: () => import('@/views/reports/MyReportsView.vue'), meta: { access: ACCESS.myReports, titleKey: 'nav.myReports' } },
  { path: '/rapporter/:id', name: 'report', component: () => import('@/views/reports/ReportEditorView.vue'), props: true, meta: { access: ACCESS.report, titleKey: 'report.title' } },
  { path: '/granskning', name: 'review', component: () => import('@/views/review/ReviewListView.vue'), meta: { access: ACCESS.review, titleKey: 'nav.review' } },
  { path: '/granskning/:id', name: 'review-report', component: () => import('@/views/review/ReviewReportView.vue'), props: true, meta: { access: ACCESS.review, titleKey: 'review.reportTitle' } },
  { path: '/uppdrag', name: 'cases', component: () => import('@/views/cases/CaseListView.vue'), meta: { access: ACCESS.cases, titleKey: 'nav.cases' } },
  { path: '/uppdrag/ny', name: 'case-new', component: () => import('@/views/cases/CaseCreateView.vue'), meta: { access: ACCESS.review, titleKey: 'cases.newTitle' } },
  { path: '/uppdrag/:reference', name: 'case', component: () => import('@/views/cases/CaseView.vue'), props: true, meta: { access: ACCESS.cases, titleKey: 'cases.caseTitle' } },
  { path: '/indikatorer', name: 'indicators-off-target', component: () => import('@/views/indicators/OffTargetView.vue'), meta: { access: ACCESS.overview, titleKey: 'indicators.offTarget.title' } },
  { path: '/oversikt', name: 'overview', component: () => import('@/views/overview/OverviewView.vue'), meta: { access: ACCESS.overview, titleKey: 'nav.overview' } },
  { path: '/perioder', name: 'periods', component: () => import('@/views/periods/PeriodsView.vue'), meta: { access: ACCESS.periods, titleKey: 'nav.periods' } },
  { path: '/perioder/:id', name: 'period', component: () => import('@/views/periods/PeriodView.vue'), props: true, meta: { access: ACCESS.periods, titleKey: 'period.pageTitle' } },
  { path: '/import-export', name: 'import-export', component: () => import('@/views/importexport/ImportExportView.vue'), meta: { access: ACCESS.importExport, titleKey: 'nav.importExport' } },
  {
    path: '/administration',
    component: () => import('@/views/admin/AdminLayout.vue'),
    meta: { access: ACCESS.admin, titleKey: 'nav.admin' },
    children: [
      { path: '', name: 'admin', redirect: { name: 'admin-bodies' } },
      { path: 'organ', name: 'admin-bodies', component: () => import('@/views/admin/BodiesAdminView.vue'), meta: { access: ACCESS.admin, titleKey: 'admin.bodies.title' } },
      { path: 'anvandare', name: 'admin-users', component: () => import('@/views/admin/UsersAdminView.vue'), meta: { access: ACCESS.admin, titleKey: 'admin.users.title' } },
      { path: 'utskick', name: 'admin-notifications', component: () => import('@/views/admin/NotificationsAdminView.vue'), meta: { access: ACCESS.admin, titleKey: 'admin.notifications.title' } },
      { path: 'styrmodell', name: 'admin-kinds', component: () => import('@/views/admin/KindsAdminView.vue'), meta: { access: ACCESS.admin, titleKey: 'admin.kinds.title' } },
      { path: 'e-post', name: 'admin-mail', component: () => import('@/views/admin/MailAdminView.vue'), meta: { access: ACCESS.admin, titleKey: 'admin.mail.title' } },
    ],
  },
  { path: '/mitt-konto', name: 'account', component: () => import('@/views/account/AccountView.vue'), meta: { access: ACCESS.account, titleKey: 'account.title' } },
  { path: '/tillganglighet', name: 'accessibility', component: () => import('@/views/public/AccessibilityView.vue'), meta: { access: ACCESS.public, titleKey: 'accessibility.title' } },
  { path: '/oppen-data', name: 'open-data', component: () => import('@/views/public/OpenDataView.vue'), meta: { access: ACCESS.public, titleKey: 'openData.title' } },
  { path: '/behorighet-saknas', name: 'no-access', component: () => import('@/views/auth/NoAccessView.vue'), meta: { access: ACCESS.public, titleKey: 'noAccess.title' } },
  { path: '/ingen-behorighet', name: 'forbidden', component: () => import('@/views/ForbiddenView.vue'), meta: { access: 'user', titleKey: 'forbidden.title' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/views/NotFoundView.vue'), meta: { access: ACCESS.public, titleKey: 'notFound.title' } },
];

export { focusHeading, safeRedirect, setDocumentTitle };

/**
 * Starts fetching the page's code while the session check runs (the router fetches it only after
 * the guards): on a first load the two requests overlap instead of following each other.
 */
function preloadPage(to: RouteLocationNormalized): void {
  for (const record of to.matched) {
    const component = record.components?.default;
    if (typeof component !== 'function') continue;
    try {
      void Promise.resolve((component as () => unknown)()).catch(() => undefined);
    } catch {
      // not a lazy component: nothing to fetch
    }
  }
}

export function createAppRouter(history: RouterHistory = createWebHistory()): Router {
  const router = createRouter({
    history,
    routes,
    scrollBehavior(to, _from, saved) {
      if (saved) return saved;
      if (to.hash) return { el: to.hash };
      return { top: 0 };
    },
  });

  router.beforeEach(async (to) => {
    const auth = useAuthStore();
    const access = to.meta.access ?? 'user';
    if (!auth.checked) preloadPage(to);
    // Public pages ask who is logged in only when this browser may have a session.
    if (!auth.checked && (access !== 'public' || maySessionExist())) {
      try {
        await auth.fetchMe();
      } catch {
        // API unreachable: treat as logged out; the login page explains if logging in fails.
      }
    }
    // The governance model (kinds, scales) once per session, before any page that shows a case.
    if (auth.isLoggedIn) {
      const kinds = useKindsStore();
      if (!kinds.loaded) {
        // Periods and bodies, which most pages list, start with it (not awaited: a page that needs
        // them waits on the same request); the server preloaded all three with the page.
        void usePeriodsStore().load().catch(() => undefined);
        void useBodiesStore().load().catch(() => undefined);
        await kinds.load().catch(() => undefined);
      }
    }
    if (access === 'public') {
      if (to.name === 'login' && auth.isLoggedIn) {
        return safeRedirect(to.query.redirect) ?? { name: homeRouteName(auth.roles) };
      }
      return true;
    }
    if (!auth.isLoggedIn) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
    if (to.name === 'home') return { name: homeRouteName(auth.roles) };
    if (!mayAccess(access, auth.roles)) return { name: 'forbidden', query: { sida: to.fullPath } };
    return true;
  });

  let first = true;
  router.afterEach((to, from, failure) => {
    if (failure) return;
    setDocumentTitle(i18n.global.t(to.meta.titleKey ?? 'app.name'));
    const initial = first;
    first = false;
    // Same page with other query parameters (filters, paging): keep focus where the user is.
    if (initial || (to.path === from.path && to.name === from.name)) return;
    void nextTick(() => focusHeading());
  });

  return router;
}
