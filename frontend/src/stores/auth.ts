import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Role, User } from '@uppsikt/shared';
import { api, isApiError } from '@/api/client';

/**
 * Remembered in this browser while a session may exist (set when the API said who we are, dropped at
 * logout or a 401). The session cookie is HttpOnly, so this is how public pages know whether asking
 * GET /api/auth/me is worth it: without it they do not ask, and log no 401 in the console.
 */
const SESSION_HINT = 'uppsikt:session';
function setSessionHint(on: boolean): void {
  try {
    if (on) globalThis.localStorage?.setItem(SESSION_HINT, '1');
    else globalThis.localStorage?.removeItem(SESSION_HINT);
  } catch {
    // no storage: public pages then always ask
  }
}
/**
 * The server preloads GET /api/auth/me with the page only when the browser sent it a session cookie
 * (`sessionDataLink` in the API), and says so in the page's `Server-Timing` (`session`): then the answer is
 * already on its way, and a public page should use it. (The preload's own resource-timing entry
 * appears only once it has arrived, which on a busy machine is after the router asks.)
 */
function sessionPreloaded(): boolean {
  try {
    const page = globalThis.performance?.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return page?.serverTiming?.some((t) => t.name === 'session') ?? false;
  } catch {
    return false;
  }
}
/** False only when this browser knows it has no session (public pages then skip the session check). */
export function maySessionExist(): boolean {
  try {
    return globalThis.localStorage?.getItem(SESSION_HINT) === '1' || sessionPreloaded();
  } catch {
    return true;
  }
}

/** The logged-in user and what their roles allow. The session itself is an HttpOnly cookie. */
export const useAuthStore = defineStore('auth', () => {
  const user = ref<User | null>(null);
  /** GET /api/auth/me has answered once (logged in or not). */
  const checked = ref(false);

  const roles = computed<Role[]>(() => [...new Set((user.value?.roles ?? []).map((g) => g.role))]);
  const isLoggedIn = computed(() => user.value !== null);
  const isAdmin = computed(() => roles.value.includes('admin'));
  /** Reviewer work (Granskning, Perioder, cases) is open to reviewers and admins. */
  const isReviewer = computed(() => roles.value.includes('reviewer') || isAdmin.value);
  /** Body codes this user edits reports for. */
  const editorBodies = computed(() =>
    [...new Set((user.value?.roles ?? []).filter((g) => g.role === 'editor' && g.body).map((g) => g.body as string))].sort(),
  );
  const isEditor = computed(() => roles.value.includes('editor'));
  /** Readers, reviewers and admins may download the follow-up appendix (Bilaga 1). */
  const canExport = computed(() => roles.value.some((r) => r === 'admin' || r === 'reviewer' || r === 'reader'));

  /**
   * Workflow mail (returned/approved reports) on or off, as GET /api/auth/me reports it; an older API
   * that does not tell falls back to the value last saved in this browser.
   */
  const workflowMail = ref(true);

  function preferenceKey(): string | null {
    return user.value ? `uppsikt:workflowMail:${user.value.id}` : null;
  }

  function restorePreferences(): void {
    if (typeof user.value?.workflowMail === 'boolean') {
      workflowMail.value = user.value.workflowMail;
      return;
    }
    const key = preferenceKey();
    let stored: string | null = null;
    try {
      stored = key ? (globalThis.localStorage?.getItem(key) ?? null) : null;
    } catch {
      // no storage (private mode)
    }
    workflowMail.value = stored !== 'false';
  }

  async function savePreferences(next: { workflowMail: boolean }): Promise<{ workflowMail: boolean }> {
    const saved = await api('updatePreferences', { body: next });
    workflowMail.value = saved.workflowMail;
    if (user.value) user.value = { ...user.value, workflowMail: saved.workflowMail };
    const key = preferenceKey();
    try {
      if (key) globalThis.localStorage?.setItem(key, String(saved.workflowMail));
    } catch {
      // not remembered across reloads; the server has it anyway
    }
    return saved;
  }

  /** The address of the user's personal deadline calendar (iCalendar feed). */
  async function calendarLink(signal?: AbortSignal): Promise<string> {
    return (await api('calendarLink', { signal })).url;
  }

  function hasAnyRole(wanted: readonly Role[]): boolean {
    return isAdmin.value || wanted.some((r) => roles.value.includes(r));
  }

  function canEditBody(body: string): boolean {
    return isAdmin.value || editorBodies.value.includes(body);
  }

  async function fetchMe(): Promise<User | null> {
    try {
      user.value = await api('me');
      setSessionHint(true);
      restorePreferences();
    } catch (e) {
      if (isApiError(e) && (e.statusCode === 401 || e.statusCode === 403)) {
        user.value = null;
        setSessionHint(false);
      } else throw e;
    } finally {
      checked.value = true;
    }
    return user.value;
  }

  async function login(email: string, password: string): Promise<User> {
    const res = await api('login', { body: { email, password } });
    user.value = res.user;
    checked.value = true;
    setSessionHint(true);
    restorePreferences();
    return res.user;
  }

  /**
   * Ends the session. For a single sign-on user the API answers where to go to end the provider's
   * session too (RP-initiated logout); that address is returned for the caller to follow.
   */
  async function logout(): Promise<string | null> {
    try {
      const res = (await api('logout')) as unknown as { redirect?: string } | undefined;
      return typeof res?.redirect === 'string' ? res.redirect : null;
    } finally {
      user.value = null;
      setSessionHint(false);
    }
  }

  /** The session ended on the server (a 401 from some call). */
  function sessionEnded(): void {
    user.value = null;
    setSessionHint(false);
  }

  return {
    user,
    checked,
    roles,
    isLoggedIn,
    isAdmin,
    isReviewer,
    isEditor,
    canExport,
    editorBodies,
    workflowMail,
    hasAnyRole,
    canEditBody,
    fetchMe,
    login,
    logout,
    sessionEnded,
    savePreferences,
    calendarLink,
  };
});
