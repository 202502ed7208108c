import { describe, expect, inject, it } from "vitest";
import {
  AltegioApiError,
  AltegioMissingUserTokenError,
  AltegioValidationError,
  createAltegioClient,
  type AltegioClient,
} from "../../src/index.js";

// The public client against Prism (request validation on): real routing under `${baseUrl}/v1|v2`,
// the Accept/Authorization headers the specs demand, bodies and responses parsed end to end.

function client(options: { userToken?: string } = {}): AltegioClient {
  return createAltegioClient({
    partnerToken: "partner-token",
    ...options,
    baseUrl: inject("prismBaseUrl"),
    rateLimit: false,
    retry: false,
  });
}

describe("createAltegioClient against Prism", () => {
  it("v1, partner token only: GET /company/{location_id}", async () => {
    const company = await client().v1.get("/company/{location_id}", { params: { path: { location_id: 4564 } } });
    expect(company.success).toBe(true);
    expect(typeof company.data?.id).toBe("number");
  });

  it("v1, partner + user token: raw GET keeps { data, error, response }", async () => {
    const { data, error, response } = await client({ userToken: "user-token" }).v1.GET("/staff/{location_id}", {
      params: { path: { location_id: 4564 } },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.success).toBe(true);
  });

  it("v2 through a location scope, with JSON:API unwrapping in paginate", async () => {
    const salon = client({ userToken: "user-token" }).location(4564);
    const document = await salon.v2.get("/locations/{location_id}/services");
    expect(Array.isArray(document.data)).toBe(true);
    const services = await salon.v2.paginate("/locations/{location_id}/services").toArray({ max: 5 });
    expect(services.length).toBeGreaterThan(0);
    expect(services[0]).toHaveProperty("id");
    expect(services[0]).not.toHaveProperty("attributes");
  });

  it("login: POST /auth with the partner token, then a client bound to the returned token", async () => {
    const result = await client().login({ login: "owner@example.com", password: "secret" });
    if (result.status !== "authenticated") throw new Error(`unexpected login outcome: ${result.status}`);
    expect(result.userToken.length).toBeGreaterThan(0);
    const members = await result.client.v1.get("/staff/{location_id}", { params: { path: { location_id: 4564 } } });
    expect(members.success).toBe(true);
  });

  it("a body Prism rejects comes back as a typed error", async () => {
    const error = await client()
      .v1.get("/company/{location_id}", {
        // @ts-expect-error deliberately invalid: the location id must be a number
        params: { path: { location_id: "not-a-number" } },
      })
      .then(
        () => null,
        (thrown: unknown) => thrown,
      );
    expect(error).toBeInstanceOf(AltegioApiError);
    expect(error).toBeInstanceOf(AltegioValidationError);
  });

  it("user operations without a user token fail before reaching Prism", async () => {
    await expect(
      client().v2.get("/locations/{location_id}/services", { params: { path: { location_id: 4564 } } }),
    ).rejects.toBeInstanceOf(AltegioMissingUserTokenError);
  });
});
