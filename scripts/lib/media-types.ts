import { isRecord, resolveLocalRef } from "./openapi-doc.js";

/** JSON, any `+json` type, or the wildcard media type (the bundles declare some JSON bodies with it). */
export const JSON_MEDIA_TYPE = /^application\/([\w.+-]+\+)?json$|^\*\/\*$/i;

/** A response status that means success: `200`…`299`, or the `2XX` range. */
export function isSuccessStatus(status: string): boolean {
  return /^2(\d\d|XX)$/i.test(status);
}

/** The media type of a `content` map to read JSON from: `application/json`, else the first other JSON type. */
export function jsonMediaType(content: Readonly<Record<string, unknown>>): string | undefined {
  const types = Object.keys(content);
  return types.find((type) => type === "application/json") ?? types.find((type) => JSON_MEDIA_TYPE.test(type));
}

/**
 * Media types of an operation's success (2xx) responses when none of them is JSON — a file download
 * such as `application/pdf` — in declaration order, without repeats; empty otherwise.
 */
export function nonJsonSuccessMediaTypes(doc: unknown, operation: Record<string, unknown>): string[] {
  const responses = isRecord(operation["responses"]) ? operation["responses"] : {};
  const mediaTypes = Object.entries(responses)
    .filter(([status]) => isSuccessStatus(status))
    .map(([, response]) => resolveLocalRef(doc, response))
    .flatMap((response) => (isRecord(response) && isRecord(response["content"]) ? Object.keys(response["content"]) : []));
  return mediaTypes.some((mediaType) => JSON_MEDIA_TYPE.test(mediaType)) ? [] : [...new Set(mediaTypes)];
}
