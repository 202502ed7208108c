/**
 * The answer a handler without a resolver gives: the operation's first success status with the
 * spec's example body (or one sampled from its schema), generated into src/generated/examples.ts.
 */
import { HttpResponse } from "msw";
import { v1ResponseExamples, v2ResponseExamples } from "../generated/examples.js";

export type ApiVersion = "v1" | "v2";

/** A default answer: status and JSON body (`null` for a response without one). */
export interface ResponseExample {
  readonly status: number;
  readonly body: unknown;
}

const EXAMPLES: Readonly<Record<ApiVersion, Readonly<Record<string, ResponseExample>>>> = {
  v1: v1ResponseExamples,
  v2: v2ResponseExamples,
};

/** The default answer of `method path`, or `undefined` when the API has no such operation. */
export function responseExample(version: ApiVersion, method: string, path: string): ResponseExample | undefined {
  return EXAMPLES[version][`${method.toLowerCase()} ${path}`];
}

/**
 * The resolver of a handler given none: answers the default of `method path`. Throws at once (when
 * the handler is created) for a path the API does not have, reachable only by going around the types.
 */
export function defaultResolver(version: ApiVersion, method: string, path: string): () => Response {
  const example = responseExample(version, method, path);
  if (example === undefined) throw new TypeError(`altegio-sdk/testing: ${method.toUpperCase()} ${path} is not a ${version} operation`);
  const { status, body } = example;
  return () => (body === null ? new HttpResponse(null, { status }) : HttpResponse.json(body as object, { status }));
}
