/**
 * Location scope: `altegio.location(4564)` fills the path parameter that holds the location id —
 * `location_id`, `company_id` or `salon_id`, whichever the operation's path uses (from the generated
 * table) — so callers pass only the other parameters. At the type level that parameter is removed from
 * `params.path`, and `params` becomes optional when nothing else is required.
 */
import { AltegioConfigurationError } from "./errors.js";
import type { OperationIndex } from "./operations.js";
import type { HttpMethod, RawRequest, RequiredKeysOf } from "./typed-client.js";
import { describeValue } from "./validation.js";

/** The location parameter the generated facts record for `Path` (`never` when there is none). */
export type LocationParamOf<LocationParams, Path> = Path extends keyof LocationParams ? Extract<LocationParams[Path], string> : never;

type PathParamsPart<Rest> = RequiredKeysOf<Rest> extends never ? { path?: Rest } : { path: Rest };

/** The scope supplies `Name`, so passing it again is a type error (`?: never`). */
type WithoutPathParam<Params, Name extends string> = Params extends { path: infer PathParams }
  ? Omit<Params, "path"> & PathParamsPart<Omit<PathParams, Name> & { [K in Name]?: never }>
  : Params;

export type WithoutLocationParam<Operation, Name extends string> = [Name] extends [never]
  ? Operation
  : { [K in keyof Operation]: K extends "parameters" ? WithoutPathParam<Operation[K], Name> : Operation[K] };

/** `Paths` with every operation's location path parameter taken out of its parameters. */
export type LocationScopedPaths<Paths, LocationParams> = {
  [Path in keyof Paths]: {
    [Method in keyof Paths[Path]]: Method extends HttpMethod
      ? WithoutLocationParam<Paths[Path][Method], LocationParamOf<LocationParams, Path>>
      : Paths[Path][Method];
  };
};

/** Location ids are positive integers; anything else would silently build a wrong URL. */
export function assertLocationId(locationId: unknown): asserts locationId is number {
  if (typeof locationId !== "number" || !Number.isSafeInteger(locationId) || locationId <= 0) {
    throw new AltegioConfigurationError(
      `altegio.location(id) needs a positive integer location id, a number (got ${describeValue(locationId)})`,
    );
  }
}

/** A request function that puts `locationId` into the operation's location path parameter. */
export function scopeToLocation(request: RawRequest, operations: OperationIndex, locationId: number): RawRequest {
  return (method: HttpMethod, path, init, data) => {
    // A method or path that is not a string is refused by `request`.
    const name = typeof method === "string" && typeof path === "string" ? operations.find(method, path)?.locationParam : undefined;
    if (!name) return request(method, path, init, data);
    const params = init?.params ?? {};
    // The scope wins over a stray value for the same parameter: that is what the caller scoped to.
    return request(method, path, { ...init, params: { ...params, path: { ...params.path, [name]: locationId } } }, data);
  };
}
