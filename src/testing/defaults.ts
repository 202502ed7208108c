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

export function defaultResponse(version: ApiVersion, method: string, path: string): Response {
  const example = responseExample(version, method, path);
  if (example === undefined) {
    // Only reachable by going around the types (a path the API does not have).
    throw new TypeError(`altegio-sdk/testing: ${method.toUpperCase()} ${path} is not a ${version} operation; pass a resolver`);
  }
  if (example.body === null) return new HttpResponse(null, { status: example.status });
  return HttpResponse.json(example.body as object, { status: example.status });
}
