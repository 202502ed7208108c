/** Abortable waiting, and one signal following several, without AbortSignal.any (Node >= 20.3, and slow). */
import { AltegioAbortError } from "./errors.js";

/** The longest delay setTimeout holds (about 24.8 days): it fires at once for a longer one. */
export const LONGEST_TIMER_MS = 2_147_483_647;

/** Resolves after `ms`; rejects with AltegioAbortError as soon as `signal` aborts (timer cleared). */
export function abortableSleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AltegioAbortError({ cause: signal.reason }));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AltegioAbortError({ cause: signal?.reason }));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.min(Math.max(0, ms), LONGEST_TIMER_MS),
    );
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export interface FollowingSignal {
  /** Aborts as soon as any of the followed signals aborts. */
  readonly signal: AbortSignal;
  /** Detaches from the followed signals. */
  dispose(): void;
}

/**
 * One signal that aborts when any of `sources` aborts, with the reason `reasonOf` picks for that
 * source (so that fetch, and a body read cut short, reject with SDK errors). Listeners are removed
 * by `dispose`, or as soon as one source fires: a long-lived caller signal collects nothing.
 */
export function followSignals(
  sources: readonly AbortSignal[],
  reasonOf: (source: AbortSignal) => unknown = (source) => source.reason,
): FollowingSignal {
  const controller = new AbortController();
  const dispose = (): void => {
    for (const source of sources) source.removeEventListener("abort", onAbort);
  };
  function onAbort(this: AbortSignal): void {
    dispose();
    controller.abort(reasonOf(this));
  }
  const alreadyAborted = sources.find((source) => source.aborted);
  if (alreadyAborted) controller.abort(reasonOf(alreadyAborted));
  else for (const source of sources) source.addEventListener("abort", onAbort, { once: true });
  return { signal: controller.signal, dispose };
}

/**
 * `work`, or a rejection with `abortError()` as soon as `signal` aborts, for work that may ignore the
 * signal it was given (a custom fetch, limiter or body stream). What it yields after the abort goes
 * to `onLate`, to be released or cancelled.
 */
export function untilAborted<T>(
  work: PromiseLike<T> | T,
  signal: AbortSignal,
  abortError: () => unknown,
  onLate?: (value: T) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError());
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    Promise.resolve(work).then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        if (!signal.aborted) resolve(value);
        else onLate?.(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
