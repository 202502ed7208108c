/**
 * Query serialisation as the spec declares it per parameter. openapi-fetch applies one style to
 * every array of a request (`form`, exploded: `ids=1&ids=2`); a few operations declare another for
 * some parameters (`ids=1,2`). The generated table lists those, and every call of such an operation
 * gets a query serializer that honours them (version-request.ts) — unless the caller passed a
 * `querySerializer` of their own.
 */
import { createQuerySerializer, serializeArrayParam, serializeObjectParam } from "openapi-fetch";
import { isRecord } from "./api-body.js";
import type { QueryStyle } from "./operations.js";

type QuerySerializer = (query: Record<string, unknown>) => string;

const defaultQuerySerializer: QuerySerializer = createQuerySerializer();

function serializeParam(name: string, value: unknown, declared: QueryStyle | undefined): string {
  if (declared !== undefined && Array.isArray(value) && value.length > 0) {
    const { style, explode } = declared;
    if (style !== "deepObject") return serializeArrayParam(name, value, { style, explode });
  }
  if (declared !== undefined && isRecord(value)) {
    const { style, explode } = declared;
    // Null members are left out, as by the default style (openapi-fetch would send `y,null`).
    const members = Object.entries(value).filter(([, member]) => member != null);
    if (members.length === 0) return "";
    if (style === "form" || style === "deepObject") return serializeObjectParam(name, Object.fromEntries(members), { style, explode });
  }
  // Styles do not apply to primitives, and a style that does not fit the value's shape is ignored.
  return defaultQuerySerializer({ [name]: value });
}

/** openapi-fetch's default serializer, except for the parameters in `styles`. */
export function styledQuerySerializer(styles: Readonly<Record<string, QueryStyle>>): QuerySerializer {
  return (query) =>
    Object.entries(query)
      .map(([name, value]) => serializeParam(name, value, styles[name]))
      .filter((part) => part !== "")
      .join("&");
}
