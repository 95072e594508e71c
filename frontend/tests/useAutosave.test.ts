import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick } from 'vue';
import { ApiError } from '@/api/client';
import { useAutosave, type AutosaveOptions, type Snapshot } from '@/composables/useAutosave';

interface Draft {
  status: string;
  comment: string;
}

class MemoryStorage {
  data = new Map<string, string>();
  getItem(k: string) {
    return this.data.has(k) ? (this.data.get(k) as string) : null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
}

const KEY = 'uppsikt:autosave:report:r1:u1';

/** A fake server holding one versioned report. */
function fakeServer(initial: Snapshot<Draft>) {
  const server = { value: { ...initial.value }, version: initial.version };
  const calls: { value: Draft; version: number }[] = [];
  const save = vi.fn(async (value: Draft, version: number): Promise<Snapshot<Draft>> => {
    calls.push({ value: { ...value }, version });
    if (version !== server.version) throw new ApiError(409, 'Versionen är inaktuell');
    server.value = { ...value };
    server.version++;
    return { value: { ...server.value }, version: server.version };
  });
  const loadLatest = vi.fn(async () => ({ value: { ...server.value }, version: server.version }));
  return { server, calls, save, loadLatest };
}

function setup(overrides: Partial<AutosaveOptions<Draft>> = {}, initial: Snapshot<Draft> = { value: { status: '', comment: '' }, version: 3 }) {
  const storage = new MemoryStorage();
  const srv = fakeServer(initial);
  const scope = effectScope();
  const autosave = scope.run(() =>
    useAutosave<Draft>({
      storageKey: 'report:r1:u1',
      initial,
      save: srv.save,
      loadLatest: srv.loadLatest,
      storage,
      retryDelays: [1000, 2000, 4000],
      ...overrides,
    }),
  )!;
  return { autosave, storage, scope, ...srv };
}

/** Lets pending promise callbacks run (fake timers do not advance microtasks by themselves). */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await nextTick();
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('useAutosave – debounce and versions', () => {
  it('saves 2.5 s after typing stops, once, with the latest text and the current version', async () => {
    const { autosave, save, calls } = setup();
    autosave.draft.value.comment = 'H';
    await vi.advanceTimersByTimeAsync(1000);
    autosave.draft.value.comment = 'Hej';
    await vi.advanceTimersByTimeAsync(2000);
    expect(save).not.toHaveBeenCalled();
    expect(autosave.state.value).toBe('pending');
    await vi.advanceTimersByTimeAsync(500);
    await settle();
    expect(save).toHaveBeenCalledTimes(1);
    expect(calls[0]).toEqual({ value: { status: '', comment: 'Hej' }, version: 3 });
    expect(autosave.state.value).toBe('saved');
    expect(autosave.version.value).toBe(4);
    expect(autosave.lastSavedAt.value).toBeInstanceOf(Date);
  });

  it('sends the version it got back from the previous save', async () => {
    const { autosave, calls } = setup();
    autosave.draft.value.status = 'Genomfört';
    await vi.advanceTimersByTimeAsync(2500);
    await settle();
    autosave.draft.value.comment = 'Klart i maj.';
    await vi.advanceTimersByTimeAsync(2500);
    await settle();
    expect(calls.map((c) => c.version)).toEqual([3, 4]);
    expect(autosave.version.value).toBe(5);
  });

  it('text typed while a save is on its way is saved afterwards, with the new version', async () => {
    let release: (() => void) | null = null;
    const srv = fakeServer({ value: { status: '', comment: '' }, version: 1 });
    const slowSave = vi.fn(async (value: Draft, version: number) => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return srv.save(value, version);
    });
    const { autosave } = setup({ save: slowSave, loadLatest: srv.loadLatest }, { value: { status: '', comment: '' }, version: 1 });
    autosave.draft.value.comment = 'Första';
    await vi.advanceTimersByTimeAsync(2500);
    expect(autosave.state.value).toBe('saving');
    autosave.draft.value.comment = 'Första och andra';
    release!();
    await settle();
    expect(autosave.state.value).toBe('pending');
    await vi.advanceTimersByTimeAsync(2500);
    release!();
    await settle();
    expect(slowSave).toHaveBeenCalledTimes(2);
    expect(slowSave.mock.calls[1]).toEqual([{ status: '', comment: 'Första och andra' }, 2]);
    expect(autosave.state.value).toBe('saved');
    expect(autosave.dirty.value).toBe(false);
  });

  it('does not save when nothing changed, and flush() saves at once', async () => {
    const { autosave, save } = setup();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(save).not.toHaveBeenCalled();
    autosave.draft.value.comment = 'Nu';
    const ok = await autosave.flush();
    expect(ok).toBe(true);
    expect(save).toHaveBeenCalledTimes(1);
  });
});

describe('useAutosave – network errors never lose text', () => {
  it('keeps a local copy at once and retries with backoff until the server answers', async () => {
    const storage = new MemoryStorage();
    let online = false;
    const srv = fakeServer({ value: { status: '', comment: '' }, version: 7 });
    const save = vi.fn(async (value: Draft, version: number) => {
      if (!online) throw new ApiError(0, 'Ingen kontakt med servern');
      return srv.save(value, version);
    });
    const { autosave } = setup({ save, storage, loadLatest: srv.loadLatest }, { value: { status: '', comment: '' }, version: 7 });

    autosave.draft.value.comment = 'Viktig text';
    // Copied to localStorage before any save is even attempted.
    expect(JSON.parse(storage.getItem(KEY)!)).toMatchObject({ value: { comment: 'Viktig text' }, version: 7 });

    await vi.advanceTimersByTimeAsync(2500);
    await settle();
    expect(save).toHaveBeenCalledTimes(1);
    expect(autosave.state.value).toBe('retrying');
    expect(autosave.error.value?.isNetworkError).toBe(true);
    expect(storage.getItem(KEY)).not.toBeNull();

    await vi.advanceTimersByTimeAsync(1000); // first backoff step
    await settle();
    expect(save).toHaveBeenCalledTimes(2);
    expect(autosave.retryCount.value).toBe(2);

    online = true;
    await vi.advanceTimersByTimeAsync(2000); // second backoff step
    await settle();
    expect(save).toHaveBeenCalledTimes(3);
    expect(save.mock.calls[2]).toEqual([{ status: '', comment: 'Viktig text' }, 7]);
    expect(autosave.state.value).toBe('saved');
    expect(storage.getItem(KEY)).toBeNull();
    expect(srv.server.value.comment).toBe('Viktig text');
  });

  it('also retries on 5xx, and retries at once when the browser comes back online', async () => {
    let fail = true;
    const srv = fakeServer({ value: { status: '', comment: '' }, version: 1 });
    const save = vi.fn(async (value: Draft, version: number) => {
      if (fail) throw new ApiError(503, 'Service Unavailable');
      return srv.save(value, version);
    });
    const { autosave } = setup({ save, loadLatest: srv.loadLatest, retryDelays: [60_000] }, { value: { status: '', comment: '' }, version: 1 });
    autosave.draft.value.comment = 'x';
    await vi.advanceTimersByTimeAsync(2500);
    await settle();
    expect(autosave.state.value).toBe('retrying');
    fail = false;
    window.dispatchEvent(new Event('online'));
    await settle();
    expect(save).toHaveBeenCalledTimes(2);
    expect(autosave.state.value).toBe('saved');
  });

  it('stops retrying on a 400 but keeps the local copy', async () => {
    const storage = new MemoryStorage();
    const save = vi.fn(async () => {
      throw new ApiError(400, 'Ogiltig status', [{ path: 'status', message: 'Ogiltig status' }]);
    });
    const { autosave } = setup({ save, storage });
    autosave.draft.value.status = 'Konstig';
    await vi.advanceTimersByTimeAsync(2500);
    await settle();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(save).toHaveBeenCalledTimes(1);
    expect(autosave.state.value).toBe('error');
    expect(storage.getItem(KEY)).not.toBeNull();
  });

  it('restores a copy left by an earlier visit and saves it', async () => {
    const storage = new MemoryStorage();
    storage.setItem(KEY, JSON.stringify({ value: { status: 'Genomfört', comment: 'Från förra besöket' }, version: 3, savedAt: '2026-09-01T10:00:00Z' }));
    const { autosave, save } = setup({ storage });
    expect(autosave.restored.value).toBe(true);
    expect(autosave.draft.value.comment).toBe('Från förra besöket');
    await vi.advanceTimersByTimeAsync(2500);
    await settle();
    expect(save).toHaveBeenCalledWith({ status: 'Genomfört', comment: 'Från förra besöket' }, 3);
    expect(storage.getItem(KEY)).toBeNull();
  });

  it('a copy based on an older version than the server has becomes a conflict, not an overwrite', async () => {
    const storage = new MemoryStorage();
    storage.setItem(KEY, JSON.stringify({ value: { status: '', comment: 'Min gamla text' }, version: 2, savedAt: '2026-09-01T10:00:00Z' }));
    const { autosave, save } = setup({ storage }, { value: { status: 'Genomfört', comment: 'Kollegans text' }, version: 5 });
    expect(autosave.state.value).toBe('conflict');
    expect(autosave.conflict.value?.mine.comment).toBe('Min gamla text');
    expect(autosave.conflict.value?.theirs).toEqual({ value: { status: 'Genomfört', comment: 'Kollegans text' }, version: 5 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(save).not.toHaveBeenCalled();
  });
});

describe('useAutosave – 409 conflicts', () => {
  function withColleague() {
    const ctx = setup({}, { value: { status: '', comment: 'Start' }, version: 1 });
    // A colleague saves in between: the server moves to version 2 with other text.
    ctx.server.value = { status: 'Delvis genomfört', comment: 'Kollegans text' };
    ctx.server.version = 2;
    return ctx;
  }

  it('on 409 loads the latest copy and holds both versions until the user chooses', async () => {
    const { autosave, save, loadLatest } = withColleague();
    autosave.draft.value.comment = 'Min text';
    await vi.advanceTimersByTimeAsync(2500);
    await settle();
    expect(save).toHaveBeenCalledTimes(1);
    expect(loadLatest).toHaveBeenCalledTimes(1);
    expect(autosave.state.value).toBe('conflict');
    expect(autosave.conflict.value).toEqual({
      mine: { status: '', comment: 'Min text' },
      theirs: { value: { status: 'Delvis genomfört', comment: 'Kollegans text' }, version: 2 },
    });
    // Typing on is kept, but nothing is sent while the conflict is open.
    autosave.draft.value.comment = 'Min text, mer';
    await vi.advanceTimersByTimeAsync(10_000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it("'mine' saves my text over the latest version", async () => {
    const { autosave, calls, server } = withColleague();
    autosave.draft.value.comment = 'Min text';
    await vi.advanceTimersByTimeAsync(2500);
    await settle();
    const ok = await autosave.resolveConflict('mine');
    expect(ok).toBe(true);
    expect(calls[1]).toEqual({ value: { status: '', comment: 'Min text' }, version: 2 });
    expect(server.value.comment).toBe('Min text');
    expect(autosave.state.value).toBe('saved');
    expect(autosave.conflict.value).toBeNull();
  });

  it("'theirs' takes the saved version and sends nothing", async () => {
    const { autosave, save, storage } = withColleague();
    autosave.draft.value.comment = 'Min text';
    await vi.advanceTimersByTimeAsync(2500);
    await settle();
    await autosave.resolveConflict('theirs');
    expect(save).toHaveBeenCalledTimes(1);
    expect(autosave.draft.value).toEqual({ status: 'Delvis genomfört', comment: 'Kollegans text' });
    expect(autosave.version.value).toBe(2);
    expect(autosave.dirty.value).toBe(false);
    expect(storage.getItem(KEY)).toBeNull();
  });

  it('a merged text is saved with the latest version', async () => {
    const { autosave, calls, server } = withColleague();
    autosave.draft.value.comment = 'Min text';
    await vi.advanceTimersByTimeAsync(2500);
    await settle();
    await autosave.resolveConflict({ merged: { status: 'Delvis genomfört', comment: 'Kollegans text. Min text.' } });
    expect(calls[1]).toEqual({ value: { status: 'Delvis genomfört', comment: 'Kollegans text. Min text.' }, version: 2 });
    expect(server.version).toBe(3);
    expect(autosave.version.value).toBe(3);
  });

  it('when only the version moved (the fields are as I left them) it retries silently', async () => {
    const ctx = setup({}, { value: { status: '', comment: 'Start' }, version: 1 });
    ctx.server.version = 2; // e.g. a co-body saved its contribution
    ctx.autosave.draft.value.comment = 'Min text';
    await vi.advanceTimersByTimeAsync(2500);
    await settle();
    expect(ctx.calls.map((c) => c.version)).toEqual([1, 2]);
    expect(ctx.autosave.state.value).toBe('saved');
    expect(ctx.autosave.conflict.value).toBeNull();
  });
});
