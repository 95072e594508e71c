/**
 * V8 flags for the API and the worker, passed by every launcher (`pnpm start`, the benchmarks,
 * the Dockerfile and the compose file). On a machine with this much memory V8 lets each
 * semi-space of the young generation grow to 32 MB; capped at 16 MB (API) and 8 MB (worker, which
 * serves no requests), an API process under 50 connections kept 50–90 MB less resident and the
 * worker 45–70 MB less (issue 18.3). After a full GC V8 let the old generation grow to up to four
 * times what survived it; `--heap-growing-percent=50` grows it by half: the same 24,000 reads at 50
 * connections peaked at 255 MB instead of 441 MB (and 260 against 364 and 348 MB in earlier rounds)
 * at no visible cost in requests per second (issue 18.3, measured on the shared machine). They
 * cannot be set from inside a running process: the heap is sized when it starts.
 */
export const NODE_FLAGS = {
  api: ['--max-semi-space-size=16', '--heap-growing-percent=50'],
  worker: ['--max-semi-space-size=8', '--heap-growing-percent=50'],
} as const satisfies Record<string, readonly string[]>;

/** The flags for a script of `backend/dist`. */
export function nodeFlagsFor(script: string): readonly string[] {
  return script.endsWith('worker.js') ? NODE_FLAGS.worker : NODE_FLAGS.api;
}
