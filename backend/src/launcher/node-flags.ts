/**
 * V8 flags for the API and the worker, passed by every launcher (`pnpm start`, the benchmarks,
 * the Dockerfile and the compose file). On a machine with this much memory V8 lets each
 * semi-space of the young generation grow to 32 MB; capped at 16 MB (API) and 8 MB (worker, which
 * serves no requests), an API process under 50 connections kept 50–90 MB less resident and the
 * worker 45–70 MB less (issue 18.3). The worker's is now 4 MB: V8 also adds the young generation's
 * capacity to the old generation's limit, so each MB of semi-space costs up to three at the peak;
 * in the fan-out bench the composing worker peaked at 188–193 MB against 191–201 with 8 MB and the
 * one only sending at 178–183 against 189–195, the last of 3,000 digests out as fast (15.4–16.7 s). After a full GC V8 let the old generation grow to up to four
 * times what survived it; `--heap-growing-percent=50` grows it by half: the same 24,000 reads at 50
 * connections peaked at 255 MB instead of 441 MB (and 260 against 364 and 348 MB in earlier rounds)
 * at no visible cost in requests per second (issue 18.3, measured on the shared machine). The
 * worker's grows by a quarter: while it sends, what survives a full GC is ~50 MB (mostly code and
 * metadata) and the rest is mail that has left; in the API bench's scale-out the sending workers
 * peaked at 162–166 MB against 177–195 with 50, three runs each, for 14–16 full GCs of 0.25 s in
 * all per worker, and the fan-out's 3,000 digests still left within 16.3 s. They
 * cannot be set from inside a running process: the heap is sized when it starts.
 */
export const NODE_FLAGS = {
  api: ['--max-semi-space-size=16', '--heap-growing-percent=50'],
  worker: ['--max-semi-space-size=4', '--heap-growing-percent=25'],
} as const satisfies Record<string, readonly string[]>;

/** The flags for a script of `backend/dist`. */
export function nodeFlagsFor(script: string): readonly string[] {
  return script.endsWith('worker.js') ? NODE_FLAGS.worker : NODE_FLAGS.api;
}

/**
 * glibc malloc settings for the API and the worker, set in the environment of every launcher
 * (glibc reads them when the process starts). An argon2id hash or verify takes 19 MiB from malloc on
 * a libuv thread; after the first such block is freed glibc raises its mmap threshold to that size,
 * so later ones come from the threads' arenas and stay resident when freed: six logins at once left
 * an idle API at 268 MB instead of 188. A fixed threshold (which also turns the raising off) gives
 * every block of 4 MiB or more its own mapping, returned to the system on free: 190 MB after the
 * same logins (issue 18.3). Smaller blocks (response buffers, query results) stay in the arenas.
 */
export const MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: String(4 * 1024 * 1024) } as const;

/** A launcher's environment for a child: the malloc settings unless the caller set them itself. */
export function withMallocEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...MALLOC_ENV, ...env };
}
