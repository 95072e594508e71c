/**
 * V8 flags for the API and the worker, passed by every launcher (`pnpm start`, the benchmarks,
 * the Dockerfile and the compose file). On a machine with this much memory V8 lets each
 * semi-space of the young generation grow to 32 MB; capped at 16 MB (API) and 8 MB (worker, which
 * serves no requests), an API process under 50 connections kept 50–90 MB less resident and the
 * worker 45–70 MB less (issue 18.3). They cannot be set from inside a running process: the
 * heap is sized when it starts.
 */
export const NODE_FLAGS = {
  api: ['--max-semi-space-size=16'],
  worker: ['--max-semi-space-size=8'],
} as const satisfies Record<string, readonly string[]>;

/** The flags for a script of `backend/dist`. */
export function nodeFlagsFor(script: string): readonly string[] {
  return script.endsWith('worker.js') ? NODE_FLAGS.worker : NODE_FLAGS.api;
}
