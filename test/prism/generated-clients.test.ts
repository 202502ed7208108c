import createClient from "openapi-fetch";
import { describe, expect, inject, it } from "vitest";
import type { paths as V1Paths } from "../../src/generated/v1.js";
import type { paths as V2Paths } from "../../src/generated/v2.js";

// The generated types drive plain openapi-fetch clients against the mocks with the headers the
// real API requires, including the vendor Accept that a naive mock would answer 406 to.
const realHeaders = {
  Accept: "application/vnd.api.v2+json",
  Authorization: "Bearer partner-token, User user-token",
};

describe("generated clients against Prism", () => {
  const v1 = createClient<V1Paths>({ baseUrl: inject("prismV1Url"), headers: realHeaders });
  const v2 = createClient<V2Paths>({ baseUrl: inject("prismV2Url"), headers: realHeaders });

  it("v1: GET /company/{location_id} succeeds", async () => {
    const { data, error, response } = await v1.GET("/company/{location_id}", { params: { path: { location_id: 4564 } } });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/vnd.api.v2+json");
    expect(data).toMatchObject({ success: true });
  });

  it("v2: GET /locations/{location_id}/services with include succeeds", async () => {
    const { data, error, response } = await v2.GET("/locations/{location_id}/services", {
      params: { path: { location_id: 4564 }, query: { include: ["resources"] } },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(Array.isArray(data?.data)).toBe(true);
  });

  it("rejects an invalid request (path parameter of the wrong type)", async () => {
    const { error, response } = await v2.GET("/locations/{location_id}/services", {
      // @ts-expect-error deliberately invalid: the location id must be an integer
      params: { path: { location_id: "not-a-number" } },
    });
    expect(response.status).toBe(422);
    expect(JSON.stringify(error)).toContain("location_id");
  });

  it("rejects a request without credentials", async () => {
    const anonymous = createClient<V1Paths>({ baseUrl: inject("prismV1Url"), headers: { Accept: realHeaders.Accept } });
    const { response } = await anonymous.GET("/company/{location_id}", { params: { path: { location_id: 4564 } } });
    expect(response.status).toBe(401);
  });
});
