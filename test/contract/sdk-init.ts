import type { RawInit } from "../../src/facade/typed-client.js";
import type { SynthesizedBody, SynthesizedRequest } from "../../scripts/lib/synthesize.js";

/** The openapi-fetch `init` a caller would pass to send a synthesised request through the SDK. */

function formField(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function bodyOf(body: SynthesizedBody): unknown {
  if (body.encoding === "json") return body.value;
  const form = new FormData();
  const fields = typeof body.value === "object" && body.value !== null ? Object.entries(body.value) : [];
  for (const [name, value] of fields) form.append(name, formField(value));
  return form;
}

export function sdkInit(request: SynthesizedRequest): RawInit {
  return {
    params: { path: { ...request.path }, query: { ...request.query } },
    ...(request.body === null ? {} : { body: bodyOf(request.body) }),
    // A file download: take the body as bytes. Asking for its media type is the SDK's job.
    ...(request.accept.length === 0 ? {} : { parseAs: "blob" as const }),
  };
}

/** How openapi-fetch writes a query value by default: arrays exploded, the rest as strings. */
export function expectedQueryValues(value: unknown): string[] {
  return Array.isArray(value) ? value.map(formField) : [formField(value)];
}
