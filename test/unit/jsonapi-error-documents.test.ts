/** A 2xx answer whose body is a JSON:API error document is a failure, as a 2xx `{ success: false }` is. */
import { describe, expect, it } from "vitest";
import { AltegioApiError, AltegioValidationError, createAltegioClient } from "../../src/index.js";
import { rejectionOf } from "../helpers/rejection.js";

const errorDocument = { errors: [{ status: "422", title: "Unprocessable", detail: "Location is archived" }] };

/** A client whose every answer is HTTP 200 with `body`. */
function clientAnswering(body: unknown) {
  const urls: string[] = [];
  const altegio = createAltegioClient({
    partnerToken: "partner-token",
    userToken: "user-token",
    rateLimit: false,
    retry: false,
    fetch: async (request: Request) => {
      urls.push(request.url);
      return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/vnd.api+json" } });
    },
  });
  return { altegio, urls };
}

type Client = ReturnType<typeof clientAnswering>["altegio"];
const LOCATION = { params: { path: { location_id: 1 } } } as const;

describe("a 2xx JSON:API error document", () => {
  it.each([
    ["v2 data method", (a: Client) => a.v2.get("/locations/{location_id}/services", LOCATION)],
    ["v2 named method", (a: Client) => a.v2.listServices({ location_id: 1 })],
    ["v2 pagination", (a: Client) => a.v2.paginate("/locations/{location_id}/services", LOCATION).toArray()],
    ["v1 data method", (a: Client) => a.v1.get("/company/{location_id}", LOCATION)],
    ["v1 pagination", (a: Client) => a.v1.paginate("/clients/{location_id}", LOCATION).toArray()],
  ])("throws AltegioApiError from the %s, with the document's message", async (_, call) => {
    const { altegio, urls } = clientAnswering(errorDocument);
    const error = await rejectionOf(call(altegio), AltegioApiError);
    expect(error.status).toBe(200);
    expect(error.apiMessage).toBe("Location is archived");
    expect(error.body).toEqual(errorDocument);
    expect(urls).toHaveLength(1);
  });

  it("is an AltegioValidationError when its errors point at fields", async () => {
    const { altegio } = clientAnswering({ errors: [{ detail: "is required", source: { pointer: "/data/attributes/title" } }] });
    const error = await rejectionOf(altegio.v2.get("/locations/{location_id}/services", LOCATION), AltegioValidationError);
    expect(error.normalizedFieldErrors).toEqual({ title: ["is required"] });
  });

  it.each([
    ["with data beside errors", { data: [], errors: [{ detail: "warning" }] }],
    ["with data: null beside errors", { data: null, errors: [{ detail: "warning" }] }],
    ["with an empty errors list", { errors: [] }],
    ["with errors that are no objects", { errors: ["x"] }],
    ["with success: true", { success: true, errors: [{ detail: "warning" }] }],
  ])("is not a failure %s", async (_, body) => {
    const { altegio } = clientAnswering(body);
    await expect(altegio.v2.get("/locations/{location_id}/services", LOCATION)).resolves.toEqual(body);
  });

  it("leaves the raw openapi-fetch methods as they are", async () => {
    const { altegio } = clientAnswering(errorDocument);
    const { data, error, response } = await altegio.v2.GET("/locations/{location_id}/services", LOCATION);
    expect([data, error, response.status]).toEqual([errorDocument, undefined, 200]);
  });
});
