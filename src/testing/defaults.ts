/**
 * The answer a handler without a resolver gives: the operation's first success status with the
 * spec's example body (or one sampled from its schema), generated into src/generated/examples.ts.
 */
import { HttpResponse } from "msw";
import type { V1Paths, V2Paths } from "../facade/client.js";
import type { PathsWithMethod } from "../facade/typed-client.js";
import { v1ResponseExamples, v2ResponseExamples } from "../generated/examples.js";
import type { MockBody, MockedMethod } from "./handlers.js";

export type ApiVersion = "v1" | "v2";

/** The generated paths of one API version. */
export type PathsOf<Version extends ApiVersion> = Version extends "v1" ? V1Paths : V2Paths;

/** A default answer: status and JSON body (`null` for a response without one), typed as the operation's success body. */
export interface ResponseExample<Body = unknown> {
  readonly status: number;
  readonly body: Body;
}

const EXAMPLES: Readonly<Record<ApiVersion, Readonly<Record<string, ResponseExample>>>> = {
  v1: v1ResponseExamples,
  v2: v2ResponseExamples,
};

/** A body as a default answer holds it: `null` where the client resolves a response without content to `undefined`. */
export type SentBody<Body> = Body extends undefined ? null : Body;

/**
 * The default answer of `method path`, or `undefined` when there is none (the API has no such
 * operation). For an operation named by its literal method and path, the body is typed as the
 * operation's success body, as the client resolves it (`null` for a response without content).
 */
export function responseExample<
  Version extends ApiVersion,
  Method extends MockedMethod,
  Path extends PathsWithMethod<PathsOf<Version>, Method>,
>(version: Version, method: Method, path: Path): ResponseExample<SentBody<MockBody<PathsOf<Version>, Path, Method>>> | undefined;
/** A method and path known only at run time (`string`s): the body is `unknown`. A literal path the API lacks matches neither. */
export function responseExample<Path extends string>(
  version: ApiVersion,
  method: string,
  path: Path & (string extends Path ? unknown : never),
): ResponseExample | undefined;
export function responseExample(version: ApiVersion, method: string, path: string): ResponseExample | undefined {
  // A copy: the table is shared by every default handler, and callers build on what they get.
  const example = EXAMPLES[version]?.[`${method.toLowerCase()} ${path}`];
  return example && structuredClone(example);
}

/**
 * The default answer of an operation a handler is made for; throws at once for a path the API does
 * not have (reachable only by going around the types), which would otherwise never match.
 */
export function operationExample(version: ApiVersion, method: string, path: string): ResponseExample {
  const example = responseExample(version, method, path);
  if (example === undefined) throw new TypeError(`altegio-sdk/testing: ${method.toUpperCase()} ${path} is not a ${version} operation`);
  return example;
}

/**
 * The resolver of a handler given none: answers the default of `method path`.
 */
export function defaultResolver(version: ApiVersion, method: string, path: string): () => Response {
  const { status, body } = operationExample(version, method, path);
  return () => (body === null ? new HttpResponse(null, { status }) : HttpResponse.json(body as object, { status }));
}
