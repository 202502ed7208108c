/**
 * Named methods at runtime. An API surface is wrapped in a Proxy that resolves
 * `api.getTeamMemberSchedule` and `api.scheduleAndResources.getTeamMemberSchedule` through the
 * operation index on first access (then cached per surface), so creating a client builds nothing
 * per operation. Every call goes through the same request function as the path surface (auth,
 * retries, rate limiter, timeouts, location scope).
 *
 * - v1 calls resolve to the envelope's `data`; v2 calls to the unwrapped JSON:API document (with
 *   the `include` the caller passed); file downloads to a `Blob`; `.withResponse()` adds `meta`
 *   and the `Response`.
 * - Non-paginated calls are sent at once. Paginated calls are sent when first awaited, and
 *   iterating one walks its pages with the pagination engine instead.
 */
import { isRecord } from "./api-body.js";
import { requestData } from "./data-methods.js";
import { AltegioConfigurationError } from "./errors.js";
import { unwrap } from "./jsonapi.js";
import type { JsonApiDocument } from "./jsonapi-types.js";
import type { NamedCallOptions, PagedCallOptions } from "./named-types.js";
import type { ApiVersion } from "./operation-tables.js";
import { describeOperation, type OperationIndex, type OperationInfo, type PaginationInfo } from "./operations.js";
import { paginateOperation, type PaginatedList } from "./paginate-client.js";
import type { Page } from "./pagination.js";
import type { RawInit, RawRequest } from "./typed-client.js";
import { describeValue } from "./validation.js";

export interface NamedContext {
  readonly request: RawRequest;
  readonly operations: OperationIndex;
  readonly version: ApiVersion;
  /** A location scope: the operation's location parameter is filled in by `request`, not by the caller. */
  readonly scoped: boolean;
}

interface Outcome {
  readonly data: unknown;
  readonly meta: unknown;
  readonly response: Response;
}

/** A call's result: a promise of `data`, with `.withResponse()`; for paginated calls, an async iterable of items. */
class NamedResult implements Promise<unknown> {
  readonly [Symbol.toStringTag] = "Promise";
  #outcome: Promise<Outcome> | undefined;
  #data: Promise<unknown> | undefined;
  readonly #send: () => Promise<Outcome>;
  readonly #list: (() => PaginatedList<unknown>) | undefined;

  constructor(send: () => Promise<Outcome>, list?: () => PaginatedList<unknown>) {
    this.#send = send;
    this.#list = list;
    // Non-paginated calls go out now, like any other promise-returning call.
    if (!list) this.#outcome = send();
  }

  withResponse(): Promise<Outcome> {
    this.#outcome ??= this.#send();
    return this.#outcome;
  }

  #dataPromise(): Promise<unknown> {
    this.#data ??= this.withResponse().then((outcome) => outcome.data);
    return this.#data;
  }

  // biome-ignore lint/suspicious/noThenProperty: the result is awaited like a promise, by design.
  then<A = unknown, B = never>(
    onFulfilled?: ((value: unknown) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#dataPromise().then(onFulfilled, onRejected);
  }

  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<unknown> {
    return this.#dataPromise().catch(onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<unknown> {
    return this.#dataPromise().finally(onFinally);
  }

  #paginated(): PaginatedList<unknown> {
    if (!this.#list) {
      // The call went out when it was made; the throw tells the caller, so its failure is handled here.
      this.#outcome?.catch(() => undefined);
      throw new AltegioConfigurationError("This operation is not paginated: await it instead of iterating it");
    }
    return this.#list();
  }

  [Symbol.asyncIterator](): AsyncIterator<unknown> {
    return this.#paginated()[Symbol.asyncIterator]();
  }

  pages(): AsyncIterable<Page<unknown>> {
    return this.#paginated().pages();
  }

  toArray(options?: { readonly max?: number }): Promise<unknown[]> {
    return this.#paginated().toArray(options);
  }
}

const PATH_PARAM = /\{([^}]+)\}/g;

function fail(operation: OperationInfo, message: string): never {
  throw new AltegioConfigurationError(`${describeOperation(operation)}: ${message}`);
}

function objectArgument(operation: OperationInfo, name: string, value: unknown): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value) || Array.isArray(value)) fail(operation, `${name} must be an object (got ${describeValue(value)})`);
  return value;
}

/** openapi-fetch's `init` for a named call's `params`, `body` and `options`. */
function initOf(context: NamedContext, operation: OperationInfo, args: readonly unknown[]): { init: RawInit; options: PagedCallOptions } {
  const pathNames = [...operation.path.matchAll(PATH_PARAM)]
    .map((match) => match[1] ?? "")
    .filter((name) => !(context.scoped && name === operation.locationParam));
  let next = 0;
  const params = pathNames.length > 0 || operation.hasQuery ? objectArgument(operation, "params", args[next++]) : undefined;
  const body = operation.hasBody ? args[next++] : undefined;
  const options = objectArgument(operation, "options", args[next]) ?? {};
  if (args.length > next + 1) fail(operation, `takes at most ${next + 1} arguments (got ${args.length})`);
  const path: Record<string, unknown> = {};
  // No prototype: a `__proto__` key (of parsed JSON) is a parameter, not the object's prototype.
  const query: Record<string, unknown> = Object.create(null);
  for (const [name, value] of Object.entries(params ?? {})) {
    // A name that is both a path and a query parameter goes to the path (the generator reports such names).
    if (pathNames.includes(name)) path[name] = value;
    else if (operation.hasQuery) query[name] = value;
    else fail(operation, `has no parameter "${name}"`);
  }
  const missing = pathNames.find((name) => path[name] === undefined);
  if (missing !== undefined) fail(operation, `needs the path parameter "${missing}"`);
  const { signal, headers, timeoutMs, retry } = options as NamedCallOptions;
  const init: RawInit = {
    params: { path, query },
    ...(body === undefined ? {} : { body }),
    ...(signal === undefined ? {} : { signal }),
    ...(headers === undefined ? {} : { headers }),
    ...(timeoutMs === undefined ? {} : { altegioTimeoutMs: timeoutMs }),
    ...(retry === undefined ? {} : { altegioRetry: retry }),
    // A file download resolves to its bytes; its media type goes into Accept (see auth.ts).
    ...(operation.fileMediaTypes ? { parseAs: "blob" as const } : {}),
  };
  return { init, options };
}

function isJsonApiDocument(body: unknown): body is JsonApiDocument {
  return isRecord(body) && "data" in body;
}

function outcomeOf(version: ApiVersion, body: unknown, include: unknown, response: Response): Outcome {
  const meta = isRecord(body) ? body["meta"] : undefined;
  if (version === "v2") {
    // Untyped here: the caller's `include` names relationships of whatever resource this operation returns.
    const included = (Array.isArray(include) ? include.filter((name) => typeof name === "string") : []) as never[];
    return { data: isJsonApiDocument(body) ? unwrap(body, { include: included }) : body, meta, response };
  }
  // An envelope without `data` resolves to `undefined` (its type says so), not to the envelope.
  return { data: isRecord(body) && ("data" in body || "success" in body) ? body["data"] : body, meta, response };
}

function callNamed(context: NamedContext, operation: OperationInfo, args: readonly unknown[]): NamedResult {
  let prepared: ReturnType<typeof initOf>;
  try {
    prepared = initOf(context, operation, args);
  } catch (error) {
    // Bad arguments reject the call (nothing is sent), as every other failure does.
    return new NamedResult(() => Promise.reject(error), operation.pagination ? () => rejectedList(error) : undefined);
  }
  const { init, options } = prepared;
  const send = async (): Promise<Outcome> => {
    const kept: { response?: Response } = {};
    const body = await requestData(context.request, operation.method, operation.path, init, kept);
    return outcomeOf(context.version, body, init.params?.query?.["include"], kept.response!);
  };
  const pagination = operation.pagination;
  if (!pagination) return new NamedResult(send);
  const { pageSize, startPage, maxPages, maxItems, signal } = options;
  const pageOptions = { pageSize, startPage, maxPages, maxItems, signal };
  const paged: OperationInfo & { pagination: PaginationInfo } = { ...operation, pagination };
  return new NamedResult(send, () => paginateOperation(context.request, paged, context.version, init, withoutUndefined(pageOptions)));
}

function rejectedList(error: unknown): PaginatedList<unknown> {
  const fail = (): never => {
    throw error;
  };
  return {
    [Symbol.asyncIterator]: () => ({ next: async () => fail() }),
    toArray: async () => fail(),
    pages: () => ({ [Symbol.asyncIterator]: () => ({ next: async () => fail() }) }),
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

type Member = (...args: unknown[]) => NamedResult;

/**
 * `api` with every operation reachable by method name and by tag group. Members of `api` itself
 * win; the generator refuses names that would clash with them.
 */
export function withNamedMethods<Api extends object, Named extends object>(api: Api, context: NamedContext): Api & Named {
  const methods = new Map<string, Member>();
  const groups = new Map<string, object>();
  const method = (name: string, operation: OperationInfo): Member => {
    let member = methods.get(name);
    if (!member) methods.set(name, (member = (...args: unknown[]) => callNamed(context, operation, args)));
    return member;
  };
  const group = (name: string): object | undefined => {
    const members = context.operations.group(name);
    if (!members) return undefined;
    let view = groups.get(name);
    if (!view) {
      view = new Proxy(Object.freeze({}), {
        get: (target, prop) => {
          const operation = typeof prop === "string" ? members.get(prop) : undefined;
          // Anything else is the plain object's (toString, Symbol.toPrimitive): `${group}` works.
          return operation && typeof prop === "string" ? method(prop, operation) : Reflect.get(target, prop);
        },
        has: (_, prop) => typeof prop === "string" && members.has(prop),
      });
      groups.set(name, view);
    }
    return view;
  };
  const named = new Proxy(api, {
    get(target, prop, receiver) {
      if (typeof prop !== "string" || prop in target) return Reflect.get(target, prop, receiver);
      const operation = context.operations.named(prop);
      return operation ? method(prop, operation) : group(prop);
    },
    has(target, prop) {
      return (
        prop in target || (typeof prop === "string" && (context.operations.named(prop) ?? context.operations.group(prop)) !== undefined)
      );
    },
  });
  // The generated types describe what the Proxy resolves; there is nothing else to check at runtime.
  return named as Api & Named;
}
