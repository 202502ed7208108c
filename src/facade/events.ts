/**
 * Observability: a minimal logger interface (console, pino and winston fit it) and typed hooks.
 * Events carry the method, a redacted URL, status, attempt and timings — never headers or bodies.
 */
import type { AltegioError } from "./errors.js";

type LogMethod = (message: string, data?: Record<string, unknown>) => void;

export interface AltegioLogger {
  debug?: LogMethod;
  info?: LogMethod;
  warn?: LogMethod;
  error?: LogMethod;
}

export interface RequestEventBase {
  /** Upper-case HTTP method. */
  method: string;
  /** URL with credentials and secret query parameters redacted. */
  url: string;
  /** 1 for the first try, 2 for the first retry, ... */
  attempt: number;
}

export type RequestEvent = RequestEventBase;

export interface ResponseEvent extends RequestEventBase {
  status: number;
  durationMs: number;
  requestId: string | null;
}

export type RetryReason = "status" | "connection" | "timeout";

export interface RetryEvent extends RequestEventBase {
  reason: RetryReason;
  /** The status that caused the retry, when `reason` is "status". */
  status: number | null;
  /** How long the SDK waits before the next attempt (from Retry-After or backoff). */
  delayMs: number;
  nextAttempt: number;
}

export interface RateLimitWaitEvent extends RequestEventBase {
  /**
   * How long the rate limiter made the request wait, reported after the wait and only when it did
   * (as the limiter says; for a custom limiter that does not say, the time its `acquire` took).
   */
  delayMs: number;
}

export interface RequestErrorEvent extends RequestEventBase {
  /** The error thrown to the caller (connection, timeout or abort). */
  error: AltegioError;
  durationMs: number;
}

export interface TransportHooks {
  onRequest?(event: RequestEvent): void;
  onResponse?(event: ResponseEvent): void;
  onRetry?(event: RetryEvent): void;
  onRateLimitWait?(event: RateLimitWaitEvent): void;
  onError?(event: RequestErrorEvent): void;
}

type HookName = keyof TransportHooks;
type HookEvent<K extends HookName> = Parameters<NonNullable<TransportHooks[K]>>[0];

export interface Observer {
  /** False without a logger or hooks: callers may skip building frequent events. */
  readonly enabled: boolean;
  emit<K extends HookName>(hook: K, event: HookEvent<K>): void;
}

const LOG_LINES: { [K in HookName]: { level: keyof AltegioLogger; message: string } } = {
  onRequest: { level: "debug", message: "altegio: request" },
  onResponse: { level: "debug", message: "altegio: response" },
  onRetry: { level: "warn", message: "altegio: retrying request" },
  onRateLimitWait: { level: "debug", message: "altegio: waited for rate limiter" },
  onError: { level: "error", message: "altegio: request failed" },
};

function logData(event: object): Record<string, unknown> {
  const data: Record<string, unknown> = { ...event };
  if (data["error"] !== undefined) {
    const error = data["error"] as AltegioError;
    data["error"] = { name: error.name, message: error.message };
  }
  return data;
}

/**
 * Sends each event to its hook and a matching log line to the logger. A throwing hook or logger (or
 * one whose promise rejects) is reported to `logger.warn` (when that is not the thrower) and otherwise
 * ignored: observers must not change the outcome of a request.
 */
export function createObserver(logger: AltegioLogger | undefined, hooks: TransportHooks | undefined): Observer {
  function report(error: unknown, source: string): void {
    if (source === "logger.warn") return;
    // String() throws for some values (`Object.create(null)`): inside `safely` too.
    safely(
      () => logger?.warn?.("altegio: observer threw", { source, error: error instanceof Error ? error.message : String(error) }),
      "logger.warn",
    );
  }
  function safely(call: () => unknown, source: string): void {
    try {
      const result = call();
      // An async hook's rejection would otherwise be unhandled, which ends a Node process.
      if (result instanceof Promise) result.catch((error: unknown) => report(error, source));
    } catch (error) {
      report(error, source);
    }
  }
  return {
    enabled: logger !== undefined || hooks !== undefined,
    emit(hook, event) {
      // Read inside `safely`: a getter may throw.
      safely(() => (hooks?.[hook] as ((event: HookEvent<typeof hook>) => void) | undefined)?.call(hooks, event), `hooks.${hook}`);
      const { level, message } = LOG_LINES[hook];
      safely(() => logger?.[level]?.call(logger, message, logData(event)), `logger.${level}`);
    },
  };
}
