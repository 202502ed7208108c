/**
 * A user's own test suite, mocking Altegio with altegio-sdk/testing and MSW: a v1 read, a v2 list
 * with `included`, a 422 with field errors, a 429 then success. Type-checked by both compilers with
 * the rest of src/, then run by vitest (run.ts).
 */
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AltegioRateLimitError, AltegioValidationError, createAltegioClient, type RetryEvent } from "altegio-sdk";
import { altegio, createAltegioMocks, fail, jsonApi, ok, rateLimited, ref, resource, responseExample } from "altegio-sdk/testing";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const retries: RetryEvent[] = [];
// In tests: no client-side rate limit and a 1 ms backoff, so retried 429s cost nothing.
const client = createAltegioClient({
  partnerToken: "partner-token",
  userToken: "user-token",
  rateLimit: false,
  timeoutMs: 5_000,
  retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 1 },
  hooks: { onRetry: (event) => void retries.push(event) },
});
const salon = client.location(4564);

/** Never called: only type-checked, and only holds if the published types are precise. */
export function typeChecks(): void {
  // @ts-expect-error id is a number in the v1 schema
  altegio.v1.get("/company/{location_id}", () => ok({ id: "4564" }));
  // @ts-expect-error not a v1 GET operation
  altegio.v1.get("/company/{location_id}/no-such-thing", () => ok({}));
  // @ts-expect-error the path has no such parameter
  altegio.v1.get("/company/{location_id}", ({ params }) => ok({ id: Number(params.service_id) }));
  // @ts-expect-error a v1 client has `name`, not `nmae`: answers are exact where the type is closed
  altegio.v1.get("/client/{location_id}/{id}", () => ok({ id: 1, nmae: "Ann" }));
  altegio.v2.get("/locations/{location_id}/services", () =>
    // @ts-expect-error a v2 service's attributes have `title`, not `titel`
    jsonApi({ data: [{ type: "service", id: "1", attributes: { title: "x", category_id: 1, titel: "y" } }] }),
  );
  // @ts-expect-error a default answer's body is typed: a location's id is a number
  const location: string | undefined = responseExample("v1", "get", "/company/{location_id}")?.body.data.id;
  void location;
  // @ts-expect-error a v2 service is of type "service"
  altegio.v2.get("/locations/{location_id}/services", () => jsonApi({ data: [resource("staff", 1, { title: "Cut", category_id: 1 })] }));
}

describe("mocking Altegio with altegio-sdk/testing", () => {
  it("a v1 read", async () => {
    server.use(altegio.v1.get("/company/{location_id}", ({ params }) => ok({ id: Number(params.location_id), title: "Mocked salon" })));
    const company = await salon.v1.getLocation();
    expect(company.id).toBe(4564);
    expect(company.title).toBe("Mocked salon");
  });

  it("a v1 read answered with the spec's example", async () => {
    server.use(altegio.v1.get("/company/{location_id}"));
    const company = await salon.v1.getLocation();
    expect(typeof company.id).toBe("number");
  });

  it("a v2 list with included resources", async () => {
    server.use(
      altegio.v2.get("/locations/{location_id}/services", () =>
        jsonApi({
          data: [
            resource("service", 1, { title: "Haircut", category_id: 5 }, { resources: { data: [ref("resource", 9)] } }),
            resource("service", 2, { title: "Shave", category_id: 5 }, { resources: { data: [] } }),
          ],
          included: [resource("resource", 9, { title: "Chair 1" })],
        }),
      ),
    );
    const { data: services } = await salon.v2.listServices({ include: ["resources"] });
    expect(services.map((service) => service.title)).toEqual(["Haircut", "Shave"]);
    expect(services[0]?.resources).toEqual([{ id: "9", type: "resource", title: "Chair 1" }]);
    expect(services[1]?.resources).toEqual([]);
  });

  it("a 422 with field errors", async () => {
    server.use(altegio.v1.post("/clients/{location_id}", () => fail(422, "Validation error", { phone: ["The phone field is required."] })));
    const error: unknown = await salon.v1.createClient({ name: "Ann", phone: "" }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(AltegioValidationError);
    expect((error as AltegioValidationError).fieldErrors).toEqual({ phone: ["The phone field is required."] });
  });

  it("a 429, then success: the client retries", async () => {
    retries.length = 0;
    let calls = 0;
    server.use(altegio.v1.get("/company/{location_id}", () => (++calls === 1 ? rateLimited() : ok({ id: 4564 }))));
    expect((await salon.v1.getLocation()).id).toBe(4564);
    expect(calls).toBe(2);
    expect(retries.map((event) => event.status)).toEqual([429]);
  });

  it("a 429 that does not end", async () => {
    server.use(altegio.v1.get("/company/{location_id}", () => rateLimited({ retryAfterSeconds: 0, announce: "header" })));
    await expect(salon.v1.getLocation()).rejects.toBeInstanceOf(AltegioRateLimitError);
  });

  it("another base URL", async () => {
    const mocks = createAltegioMocks({ baseUrl: "http://127.0.0.1:8080/api" });
    server.use(mocks.v1.get("/company/{location_id}", () => ok({ id: 1 })));
    const local = createAltegioClient({
      partnerToken: "partner-token",
      baseUrl: "http://127.0.0.1:8080/api",
      rateLimit: false,
      timeoutMs: 5_000,
    });
    expect((await local.v1.getLocation({ location_id: 1 })).id).toBe(1);
  });
});
