/** Abortable waiting and per-attempt deadlines, without relying on AbortSignal.any (Node >= 20.3). */
import { AltegioAbortError } from "./errors.js";

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
      Math.max(0, ms),
    );
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export interface AttemptSignal {
  /** Aborts when any caller signal aborts or the deadline passes. */
  readonly signal: AbortSignal;
  /** True once the deadline (not a caller) aborted the signal. */
  readonly timedOut: boolean;
  /** Clears the deadline timer and detaches from the caller signals. */
  dispose(): void;
}

export interface AttemptSignalOptions {
  /** Deadline in ms; `null` for none. */
  timeoutMs: number | null;
  /** Abort reason when the deadline passes. */
  timeoutReason?: () => unknown;
  /** Abort reason when a caller signal aborts, given that signal's reason. Default: the same reason. */
  abortReason?: (callerReason: unknown) => unknown;
}

/**
 * One signal that follows the caller's signals and aborts itself after `timeoutMs`. The reasons are
 * chosen by the caller so that fetch — and a body read cut short later — reject with SDK errors.
 * The deadline timer is unref'd: a response handed back may keep it armed until its body is read,
 * and it must not keep the process alive.
 */
export function createAttemptSignal(
  callerSignals: ReadonlyArray<AbortSignal | null | undefined>,
  options: AttemptSignalOptions,
): AttemptSignal {
  const controller = new AbortController();
  const sources: AbortSignal[] = [];
  for (const signal of callerSignals) if (signal != null && !sources.includes(signal)) sources.push(signal);
  const abortReason = options.abortReason ?? ((reason: unknown) => reason);
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const dispose = (): void => {
    clearTimeout(timer);
    for (const source of sources) source.removeEventListener("abort", onCallerAbort);
  };
  function onCallerAbort(this: AbortSignal): void {
    dispose();
    controller.abort(abortReason(this.reason));
  }

  const alreadyAborted = sources.find((source) => source.aborted);
  if (alreadyAborted) {
    controller.abort(abortReason(alreadyAborted.reason));
  } else {
    for (const source of sources) source.addEventListener("abort", onCallerAbort, { once: true });
    if (options.timeoutMs !== null) {
      timer = setTimeout(() => {
        timedOut = true;
        dispose();
        controller.abort(options.timeoutReason?.());
      }, options.timeoutMs);
      timer.unref?.();
    }
  }

  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    dispose,
  };
}
