import { computed, getCurrentScope, onScopeDispose, ref, shallowRef, toRaw, watch, type Ref } from 'vue';
import { ApiError, isApiError } from '@/api/client';

/**
 * Autosave for a form whose server copy carries an optimistic-locking `version`.
 *
 *  - Saves `delay` ms (default 2.5 s) after the last change, with the version it last got back.
 *  - Every change is copied to localStorage at once; the copy goes only when the server has the text.
 *    On start a copy left from an earlier visit is restored (or, if the server moved on meanwhile,
 *    offered in the conflict dialog).
 *  - Network errors, timeouts and 5xx are retried with backoff (and at once when the browser comes
 *    back online); other errors stop and keep the copy.
 *  - 409: the latest server copy is loaded. If its fields are what this form was built on (someone
 *    changed something else), the save is retried with the new version; otherwise `conflict` holds
 *    both versions until `resolveConflict('mine' | 'theirs' | {merged})`.
 */

export interface Snapshot<T> {
  value: T;
  version: number;
}

export type AutosaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'retrying' | 'conflict' | 'error';

export interface Conflict<T> {
  mine: T;
  theirs: Snapshot<T>;
}

export type ConflictChoice<T> = 'mine' | 'theirs' | { merged: T };

export interface AutosaveOptions<T> {
  /** localStorage key for the unsaved copy; include the user and the object. */
  storageKey: string;
  /** What the server holds now. */
  initial: Snapshot<T>;
  save: (value: T, version: number) => Promise<Snapshot<T>>;
  loadLatest: () => Promise<Snapshot<T>>;
  /** When false, changes are kept locally but not sent (read-only form). */
  enabled?: () => boolean;
  equals?: (a: T, b: T) => boolean;
  delay?: number;
  retryDelays?: readonly number[];
  now?: () => Date;
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
}

interface LocalCopy<T> {
  value: T;
  version: number;
  savedAt: string;
}

export const AUTOSAVE_DELAY_MS = 2500;
export const RETRY_DELAYS_MS: readonly number[] = [2000, 5000, 10_000, 20_000, 30_000];
const STORAGE_PREFIX = 'uppsikt:autosave:';

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(toRaw(value))) as T;
}

/** Reads through the reactive proxy on purpose, so `dirty` tracks every nested field. */
function defaultEquals<T>(a: T, b: T): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function defaultStorage(): AutosaveOptions<unknown>['storage'] {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * The unsaved copy an autosaved form left under `storageKey` (the same key given to `useAutosave`),
 * for a page that can no longer show the form (the report was submitted meanwhile).
 */
export function readAutosaveCopy<T>(storageKey: string, storage = defaultStorage()): T | null {
  try {
    const raw = storage?.getItem(STORAGE_PREFIX + storageKey);
    const copy = raw ? (JSON.parse(raw) as Partial<LocalCopy<T>>) : null;
    return copy?.value ?? null;
  } catch {
    return null;
  }
}

/** Drops the unsaved copy kept under `storageKey`. */
export function dropAutosaveCopy(storageKey: string, storage = defaultStorage()): void {
  try {
    storage?.removeItem(STORAGE_PREFIX + storageKey);
  } catch {
    // ignore
  }
}

function asApiError(e: unknown): ApiError {
  if (isApiError(e)) return e;
  return new ApiError(0, e instanceof Error ? e.message : String(e));
}

export function useAutosave<T>(options: AutosaveOptions<T>) {
  const delay = options.delay ?? AUTOSAVE_DELAY_MS;
  const retryDelays = options.retryDelays ?? RETRY_DELAYS_MS;
  const equals = options.equals ?? defaultEquals<T>;
  const now = options.now ?? (() => new Date());
  const storage = options.storage === undefined ? defaultStorage() : options.storage;
  const enabled = options.enabled ?? (() => true);
  const key = STORAGE_PREFIX + options.storageKey;

  const draft = ref(clone(options.initial.value)) as Ref<T>;
  const version = ref(options.initial.version);
  /** The value the server holds at `version`, as far as this form knows. */
  const base = shallowRef<T>(clone(options.initial.value));
  const state = ref<AutosaveState>('idle');
  const lastSavedAt = ref<Date | null>(null);
  const error = shallowRef<ApiError | null>(null);
  const conflict = shallowRef<Conflict<T> | null>(null);
  const restored = ref(false);
  const retryCount = ref(0);
  const nextRetryAt = ref<Date | null>(null);

  const dirty = computed(() => !equals(draft.value, base.value));

  let debounceTimer: ReturnType<typeof setTimeout> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<boolean> | null = null;
  let again = false;
  let disposed = false;

  // ── local copy ────────────────────────────────────────────────────────────
  function readLocal(): LocalCopy<T> | null {
    try {
      const raw = storage?.getItem(key);
      if (!raw) return null;
      const parsed = JSON.parse(raw) as LocalCopy<T>;
      return parsed && typeof parsed.version === 'number' ? parsed : null;
    } catch {
      return null;
    }
  }
  function writeLocal(): void {
    try {
      storage?.setItem(key, JSON.stringify({ value: toRaw(draft.value), version: version.value, savedAt: now().toISOString() } satisfies LocalCopy<T>));
    } catch {
      // storage full or blocked: the server save is still attempted
    }
  }
  function removeLocal(): void {
    try {
      storage?.removeItem(key);
    } catch {
      // ignore
    }
  }

  // ── timers ────────────────────────────────────────────────────────────────
  function clearDebounce(): void {
    if (debounceTimer !== null) clearTimeout(debounceTimer);
    debounceTimer = null;
  }
  function clearRetry(): void {
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
    nextRetryAt.value = null;
  }
  function scheduleSave(ms = delay): void {
    clearDebounce();
    debounceTimer = setTimeout(() => {
      debounceTimer = null;
      void run(false);
    }, ms);
  }
  function scheduleRetry(): void {
    clearRetry();
    const ms = retryDelays[Math.min(retryCount.value, retryDelays.length - 1)];
    retryCount.value++;
    nextRetryAt.value = new Date(now().getTime() + ms);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      nextRetryAt.value = null;
      void run(false);
    }, ms);
  }

  // ── saving ────────────────────────────────────────────────────────────────
  function settle(): void {
    removeLocal();
    state.value = lastSavedAt.value ? 'saved' : 'idle';
  }

  async function saveLoop(untilClean: boolean): Promise<boolean> {
    let conflictRetried = false;
    for (;;) {
      if (disposed || conflict.value || !enabled()) return false;
      if (!dirty.value) {
        settle();
        return true;
      }
      const sent = clone(draft.value);
      state.value = 'saving';
      try {
        const result = await options.save(sent, version.value);
        version.value = result.version;
        base.value = sent;
        lastSavedAt.value = now();
        error.value = null;
        retryCount.value = 0;
        clearRetry();
        if (!dirty.value) {
          settle();
          return true;
        }
        writeLocal(); // newer typing, now based on the new version
        if (!untilClean && !again) {
          state.value = 'pending';
          if (debounceTimer === null) scheduleSave();
          return false;
        }
        again = false;
      } catch (e) {
        const err = asApiError(e);
        writeLocal();
        if (err.statusCode === 409) {
          const outcome = await handleConflict(conflictRetried);
          if (outcome === 'retry') {
            conflictRetried = true;
            continue;
          }
          return outcome === 'clean';
        }
        error.value = err;
        if (err.isTransient) {
          state.value = 'retrying';
          scheduleRetry();
        } else {
          state.value = 'error';
        }
        return false;
      }
    }
  }

  /** Runs one save loop at a time; a call during a save asks for one more round. */
  function run(untilClean: boolean): Promise<boolean> {
    if (running) {
      again = true;
      return untilClean ? running.then(() => run(true)) : running;
    }
    clearDebounce();
    running = saveLoop(untilClean).finally(() => {
      running = null;
    });
    return running;
  }

  async function handleConflict(alreadyRetried: boolean): Promise<'retry' | 'clean' | 'conflict' | 'failed'> {
    let theirs: Snapshot<T>;
    try {
      theirs = await options.loadLatest();
    } catch (e) {
      error.value = asApiError(e);
      state.value = 'retrying';
      scheduleRetry();
      return 'failed';
    }
    if (equals(theirs.value, draft.value)) {
      version.value = theirs.version;
      base.value = clone(theirs.value);
      settle();
      return 'clean';
    }
    if (!alreadyRetried && equals(theirs.value, base.value)) {
      // Only the version moved (another field, a contribution, a state change): try once more.
      version.value = theirs.version;
      return 'retry';
    }
    conflict.value = { mine: clone(draft.value), theirs: { value: clone(theirs.value), version: theirs.version } };
    state.value = 'conflict';
    clearDebounce();
    clearRetry();
    return 'conflict';
  }

  function onChange(): void {
    if (disposed) return;
    if (!dirty.value) {
      clearDebounce();
      if (state.value === 'pending') settle();
      else if (state.value !== 'saving' && state.value !== 'conflict' && state.value !== 'retrying') removeLocal();
      return;
    }
    writeLocal();
    if (state.value === 'conflict' || !enabled()) return;
    if (state.value === 'retrying') return; // the retry timer sends the latest text
    if (state.value !== 'saving') state.value = 'pending';
    scheduleSave();
  }

  watch(draft, onChange, { deep: true, flush: 'sync' });

  /** Saves now (before submit or leaving the page). Resolves true when the server has everything. */
  function flush(): Promise<boolean> {
    clearDebounce();
    if (state.value === 'retrying') clearRetry();
    if (conflict.value) return Promise.resolve(false);
    return run(true);
  }

  function resolveConflict(choice: ConflictChoice<T>): Promise<boolean> {
    const c = conflict.value;
    if (!c) return Promise.resolve(!dirty.value);
    conflict.value = null;
    version.value = c.theirs.version;
    base.value = clone(c.theirs.value);
    error.value = null;
    if (choice === 'theirs') {
      draft.value = clone(c.theirs.value);
      settle();
      return Promise.resolve(true);
    }
    if (choice !== 'mine') draft.value = clone(choice.merged);
    state.value = 'pending';
    return run(true);
  }

  /** Adopts a newer server copy (after submit, reload); unsaved local edits are kept. */
  function acceptServer(snapshot: Snapshot<T>): void {
    const wasDirty = dirty.value;
    version.value = snapshot.version;
    base.value = clone(snapshot.value);
    if (!wasDirty) draft.value = clone(snapshot.value);
    if (!dirty.value) settle();
  }

  function onOnline(): void {
    if (state.value === 'retrying') {
      clearRetry();
      void run(false);
    }
  }

  function dispose(): void {
    disposed = true;
    clearDebounce();
    clearRetry();
    if (typeof window !== 'undefined') window.removeEventListener('online', onOnline);
  }

  // ── start: restore a copy left by an earlier visit ────────────────────────
  const local = readLocal();
  if (local) {
    if (equals(local.value, options.initial.value)) {
      removeLocal();
    } else if (local.version === options.initial.version) {
      restored.value = true;
      draft.value = clone(local.value); // triggers onChange → saved after the delay
    } else {
      restored.value = true;
      draft.value = clone(local.value);
      conflict.value = { mine: clone(local.value), theirs: { value: clone(options.initial.value), version: options.initial.version } };
      state.value = 'conflict';
      clearDebounce();
    }
  }

  if (typeof window !== 'undefined') window.addEventListener('online', onOnline);
  if (getCurrentScope()) onScopeDispose(dispose);

  return {
    draft,
    version,
    state,
    dirty,
    lastSavedAt,
    error,
    conflict,
    restored,
    retryCount,
    nextRetryAt,
    flush,
    resolveConflict,
    acceptServer,
    dispose,
  };
}

export type Autosave<T> = ReturnType<typeof useAutosave<T>>;
