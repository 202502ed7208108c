/**
 * Altegio's list bodies read as pages for the pagination engine: v1 envelopes
 * `{ success, data: [...], meta: { total_count | count } }` and v2 JSON:API documents. The engine
 * itself knows nothing about HTTP or Altegio; this is where Altegio's shapes live.
 */
import { isRecord, metaOf } from "./api-body.js";
import { AltegioError } from "./errors.js";
import { unwrap, type UnwrapOptions } from "./jsonapi.js";
import type { JsonApiDocument, PrimaryResource, RelationshipName, Unwrapped } from "./jsonapi-types.js";
import type { PaginationInfo, TotalLocation } from "./operations.js";
import type { PageResult } from "./pagination.js";

/** Reads the total item count where the operation reports it; `null` when absent or not a count. */
export function totalFromBody(body: unknown, location: TotalLocation | null): number | null {
  if (location === null || !isRecord(body)) return null;
  const value = metaOf(body)[location === "meta.total_count" ? "total_count" : "count"];
  const total = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof total === "number" && Number.isSafeInteger(total) && total >= 0 ? total : null;
}

/** `data` of a list body; JSON that is no object (a bare array, a string) is not a list body. */
function dataOf(body: unknown): unknown {
  if (body == null || isRecord(body)) return body?.["data"];
  throw new AltegioError("Expected a list response, but the body is not a JSON object");
}

function listFrom(value: unknown, what: string): readonly unknown[] {
  if (Array.isArray(value)) return value;
  if (value == null) return [];
  throw new AltegioError(`Expected a list response, but ${what} is not an array`);
}

/**
 * The page's content as sent, for the engine's repeat check. Order-insensitive: a server that ignores
 * `page` and sends the same items in another order each time repeats them all the same.
 */
function contentKey(list: readonly unknown[]): string {
  try {
    // JSON text never holds a raw newline, so the joined key is unambiguous.
    return list
      .map((item) => JSON.stringify(item))
      .sort()
      .join("\n");
  } catch (error) {
    // Plain JSON always serialises, except nesting deep enough to overflow the stack.
    throw new AltegioError("A list page is nested too deeply to be read", { cause: error });
  }
}

type V1Item<B> = B extends { readonly data?: infer L } ? (NonNullable<L> extends readonly (infer I)[] ? I : unknown) : unknown;

/** Items and total of a v1 list body `{ success, data: [...], meta: { total_count | count } }`. */
export function v1PageFromBody<B>(body: B, pagination: PaginationInfo): PageResult<V1Item<B>> {
  const data = listFrom(dataOf(body), "its data");
  return {
    items: data as readonly V1Item<B>[],
    total: totalFromBody(body, pagination.total),
    key: contentKey(data),
  };
}

/** Items (unwrapped JSON:API resources) and total of a v2 list document. */
export function v2PageFromBody<D extends JsonApiDocument, const Included extends RelationshipName<PrimaryResource<D>> = never>(
  body: D,
  pagination: PaginationInfo,
  options?: UnwrapOptions<Included>,
): PageResult<Unwrapped<PrimaryResource<D>, Included>> {
  const sent = listFrom(dataOf(body), "the document's data");
  const items = listFrom(unwrap(body, options).data, "the document's data") as readonly Unwrapped<PrimaryResource<D>, Included>[];
  // The resources as sent (type, id, attributes), not the unwrapped graph, which may hold cycles.
  return { items, total: totalFromBody(body, pagination.total), key: contentKey(sent) };
}
