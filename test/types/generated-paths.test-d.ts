import createClient from "openapi-fetch";
import { expectTypeOf } from "vitest";
import type { paths as V1Paths } from "../../src/generated/v1.js";
import type { paths as V2Paths } from "../../src/generated/v2.js";

// Type-level only (checked by `tsc --noEmit`): the generated paths let openapi-fetch call
// operations without any header parameter, since the normaliser removed the transport ones.
const v1 = createClient<V1Paths>({ baseUrl: "https://api.alteg.io/api/v1" });
const v2 = createClient<V2Paths>({ baseUrl: "https://api.alteg.io/api/v2" });

export async function typedCalls(): Promise<void> {
  const services = await v2.GET("/locations/{location_id}/services", {
    params: { path: { location_id: 4564 }, query: { include: ["resources"] } },
  });
  expectTypeOf(services.data).not.toBeAny();

  const company = await v1.GET("/company/{location_id}", { params: { path: { location_id: 4564 } } });
  expectTypeOf(company.data).not.toBeAny();

  await v1.POST("/auth", { body: { login: "owner@example.com", password: "secret" } });

  // @ts-expect-error the location id is required
  await v1.GET("/company/{location_id}", { params: { path: {} } });
  // @ts-expect-error unknown path
  await v2.GET("/no/such/path");
}
