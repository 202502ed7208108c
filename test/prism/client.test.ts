import { describe, expect, it } from "vitest";
import { AltegioApiError, AltegioMissingUserTokenError, AltegioValidationError } from "../../src/index.js";
import { rejectionOf } from "../helpers/rejection.js";
import { PRISM_USER_TOKEN, prismClient } from "./sdk-client.js";

// The public client against Prism (request validation on): real routing under `${baseUrl}/v1|v2`,
// the Accept/Authorization headers the specs demand, bodies and responses parsed end to end.

describe("createAltegioClient against Prism", () => {
  it("v1, partner token only: GET /company/{location_id}", async () => {
    const company = await prismClient().v1.get("/company/{location_id}", { params: { path: { location_id: 4564 } } });
    expect(company.success).toBe(true);
    expect(typeof company.data?.id).toBe("number");
  });

  it("v1, partner + user token: raw GET keeps { data, error, response }", async () => {
    const { data, error, response } = await prismClient({ userToken: PRISM_USER_TOKEN }).v1.GET("/staff/{location_id}", {
      params: { path: { location_id: 4564 } },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.success).toBe(true);
  });

  it("v2 through a location scope, with JSON:API unwrapping in paginate", async () => {
    const salon = prismClient({ userToken: PRISM_USER_TOKEN }).location(4564);
    const document = await salon.v2.get("/locations/{location_id}/services");
    expect(Array.isArray(document.data)).toBe(true);
    const services = await salon.v2.paginate("/locations/{location_id}/services").toArray({ max: 5 });
    expect(services.length).toBeGreaterThan(0);
    for (const service of services) {
      expect(service).toMatchObject({ id: expect.any(String), type: expect.any(String) });
      expect(service).not.toHaveProperty("attributes");
      expect(service).not.toHaveProperty("relationships");
    }
  });

  it("login: POST /auth with the partner token, then a client bound to the returned token", async () => {
    const result = await prismClient().login({ login: "owner@example.com", password: "secret" });
    if (result.status !== "authenticated") throw new Error(`unexpected login outcome: ${result.status}`);
    expect(result.userToken.length).toBeGreaterThan(0);
    const members = await result.client.v1.get("/staff/{location_id}", { params: { path: { location_id: 4564 } } });
    expect(members.success).toBe(true);
  });

  it("a path parameter Prism rejects comes back as a typed 422 naming the parameter", async () => {
    const error = await rejectionOf(
      prismClient().v1.get("/company/{location_id}", {
        // @ts-expect-error deliberately invalid: the location id must be a number
        params: { path: { location_id: "not-a-number" } },
      }),
      AltegioValidationError,
    );
    expect(error).toBeInstanceOf(AltegioApiError);
    expect(error.status).toBe(422);
    expect(JSON.stringify(error.body)).toContain("location_id");
  });

  it("user operations without a user token fail before reaching Prism", async () => {
    let requestsSent = 0;
    const countingFetch = (request: Request, init?: RequestInit): Promise<Response> => {
      requestsSent += 1;
      return fetch(request, init);
    };
    await expect(
      prismClient({ fetch: countingFetch }).v2.get("/locations/{location_id}/services", { params: { path: { location_id: 4564 } } }),
    ).rejects.toBeInstanceOf(AltegioMissingUserTokenError);
    expect(requestsSent).toBe(0);
  });
});
