import { afterEach, beforeEach, vi } from 'vitest';

// No test talks to a real server: unless a test installs fakeApi(), every call answers 401.
beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify({ statusCode: 401, message: 'Inte inloggad' }), { status: 401, headers: { 'content-type': 'application/json' } })),
  );
});

afterEach(() => {
  try {
    localStorage.clear();
  } catch {
    // no storage in this environment
  }
});
