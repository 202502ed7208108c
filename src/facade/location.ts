/**
 * Location scope: `altegio.location(4564)` fills the path parameter that holds the location id —
 * `location_id`, `company_id` or `salon_id`, whichever the operation's path uses (from the generated
 * table) — so callers pass only the other parameters. At the type level that parameter is removed from
 * `params.path`, and `params` becomes optional when nothing else is required.
 */
import type { Client } from "openapi-fetch";
import { AltegioConfigurationError } from "./errors.js";
import type { LocationParam, OperationInfo } from "./operation-info.js";
import type { OperationIndex } from "./operations-index.js";
import type { HttpMethod, RawInit, RawRequest, RequiredKeysOf } from "./typed-client.js";

/** The location parameter the table records for `Method` on `Path` (`never` when there is none). */
export type LocationParamOf<Operations extends readonly OperationInfo[], Path, Method> = Extract<
  Extract<Operations[number], { readonly path: Path; readonly method: Method }>["locationParam"],
  LocationParam
>;

type PathParamsPart<Rest> = RequiredKeysOf<Rest> extends never ? { path?: Rest } : { path: Rest };

/** The scope supplies `Name`, so passing it again is a type error (`?: never`). */
type WithoutPathParam<Params, Name extends string> = Params extends { path: infer PathParams }
  ? Omit<Params, "path"> & PathParamsPart<Omit<PathParams, Name> & { [K in Name]?: never }>
  : Params;

type WithoutLocationParam<Operation, Name extends string> = [Name] extends [never]
  ? Operation
  : { [K in keyof Operation]: K extends "parameters" ? WithoutPathParam<Operation[K], Name> : Operation[K] };

/** `Paths` with every operation's location path parameter taken out of its parameters. */
export type LocationScopedPaths<Paths, Operations extends readonly OperationInfo[]> = {
  [Path in keyof Paths]: {
    [Method in keyof Paths[Path]]: Method extends HttpMethod
      ? WithoutLocationParam<Paths[Path][Method], LocationParamOf<Operations, Path, Method>>
      : Paths[Path][Method];
  };
};

/** Location ids are positive integers; anything else would silently build a wrong URL. */
export function assertLocationId(locationId: unknown): asserts locationId is number {
  if (typeof locationId !== "number" || !Number.isSafeInteger(locationId) || locationId <= 0) {
    throw new AltegioConfigurationError(
      `altegio.location(id) needs a positive integer location id (got ${JSON.stringify(locationId) ?? String(locationId)})`,
    );
  }
}

/** A request function that puts `locationId` into the operation's location path parameter. */
export function scopeToLocation(request: RawRequest, operations: OperationIndex, locationId: number): RawRequest {
  return (method: HttpMethod, path, init) => {
    const name = operations.find(method, path)?.locationParam;
    if (!name) return request(method, path, init);
    const params = init?.params ?? {};
    // The scope wins over a stray value for the same parameter: that is what the caller scoped to.
    return request(method, path, { ...init, params: { ...params, path: { ...params.path, [name]: locationId } } });
  };
}

/** openapi-fetch's calls on a scoped request function. Middleware belongs to the client it was derived from. */
export type ScopedClient<Paths extends {}> = Omit<Client<Paths>, "use" | "eject">;

export function scopedClient<Paths extends {}>(request: RawRequest): ScopedClient<Paths> {
  const call = (method: HttpMethod) => (path: string, init?: RawInit) => request(method, path, init);
  const methods = {
    request: (method: string, path: string, init?: RawInit) => request(method.toLowerCase() as HttpMethod, path, init),
    GET: call("get"),
    PUT: call("put"),
    POST: call("post"),
    DELETE: call("delete"),
    OPTIONS: call("options"),
    HEAD: call("head"),
    PATCH: call("patch"),
    TRACE: call("trace"),
  };
  return methods as unknown as ScopedClient<Paths>;
}
