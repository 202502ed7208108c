/**
 * Per-attempt deadlines, cheap enough for every request: attempts that start within the same
 * DEADLINE_WINDOW_MS (and with the same timeout) share one AbortController and one timer, set to
 * fire `timeoutMs + DEADLINE_WINDOW_MS` after the first of them started. So an attempt's deadline
 * fires between `timeoutMs` and `timeoutMs + DEADLINE_WINDOW_MS` after it started, never before.
 * When the last attempt of a group is done the timer is cleared, so finished requests hold nothing.
 */
import { AltegioTimeoutError } from "./errors.js";

export const DEADLINE_WINDOW_MS = 10;
/** Caps what one abort has to reach (and the listeners one signal carries). */
const MAX_GROUP_SIZE = 64;

/**
 * Node warns of a leak past 10 listeners on one signal; a group's carries up to two per attempt by
 * design (a caller's signal following it, and fetch's own). Elsewhere there is no such warning.
 */
const nodeEvents = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.(
  "node:events",
) as { setMaxListeners?: (count: number, ...targets: EventTarget[]) => void } | undefined;
const GROUP_LISTENERS = 2 * MAX_GROUP_SIZE + 1;

export interface Deadline {
  /** Aborts (with an AltegioTimeoutError) when the deadline passes. */
  readonly signal: AbortSignal;
}

interface Group extends Deadline {
  readonly timeoutMs: number;
  readonly controller: AbortController;
  readonly closesAt: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  joined: number;
  active: number;
}

export interface Deadlines {
  /** A deadline `timeoutMs` from now (within the precision above). Pair with one `leave`. */
  join(timeoutMs: number): Deadline;
  /** The attempt is done with its deadline (its body read, or it failed). */
  leave(deadline: Deadline): void;
}

export function createDeadlines(): Deadlines {
  const open = new Map<number, Group>();

  function start(timeoutMs: number, now: number): Group {
    const controller = new AbortController();
    nodeEvents?.setMaxListeners?.(GROUP_LISTENERS, controller.signal);
    const group: Group = {
      timeoutMs,
      controller,
      signal: controller.signal,
      closesAt: now + DEADLINE_WINDOW_MS,
      timer: undefined,
      joined: 0,
      active: 0,
    };
    group.timer = setTimeout(() => {
      if (open.get(timeoutMs) === group) open.delete(timeoutMs);
      controller.abort(new AltegioTimeoutError(timeoutMs));
    }, timeoutMs + DEADLINE_WINDOW_MS);
    group.timer.unref?.();
    open.set(timeoutMs, group);
    return group;
  }

  return {
    join(timeoutMs) {
      const now = performance.now();
      let group = open.get(timeoutMs);
      if (group === undefined || now >= group.closesAt || group.joined >= MAX_GROUP_SIZE) group = start(timeoutMs, now);
      group.joined++;
      group.active++;
      return group;
    },
    leave(deadline) {
      const group = deadline as Group;
      if (--group.active > 0) return;
      clearTimeout(group.timer);
      if (open.get(group.timeoutMs) === group) open.delete(group.timeoutMs);
    },
  };
}
