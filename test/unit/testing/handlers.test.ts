import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import {
  AltegioNotFoundError,
  AltegioRateLimitError,
  AltegioValidationError,
  createAltegioClient,
  unwrap,
  type RetryEvent,
  type V1Paths,
} from "../../../src/index.js";
import type { HttpResponse } from "msw";
import {
  altegio,
  createAltegioMocks,
  fail,
  jsonApi,
  ok,
  rateLimited,
  ref,
  resource,
  type ResponseExample,
  responseExample,
} from "../../../src/testing/index.js";
import { operationTable } from "../../../src/facade/operation-tables.js";
import type { SuccessBodyOf } from "../../../src/facade/typed-client.js";
import { rejectionOf } from "../../helpers/rejection.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

// Bounded everywhere: no limiter waits, 1 ms backoff, 5 s per attempt, so a broken mock fails fast.
const retries: RetryEvent[] = [];
const client = createAltegioClient({
  partnerToken: "partner",
  userToken: "user",
  rateLimit: false,
  timeoutMs: 5_000,
  retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 1 },
  hooks: { onRetry: (event) => void retries.push(event) },
});
afterEach(() => {
  retries.length = 0;
});

describe("altegio-sdk/testing handlers", () => {
  it("mock a v1 read: path parameters by name, the answer checked against the operation", async () => {
    server.use(
      altegio.v1.get("/company/{location_id}", ({ params, query }) => {
        expectTypeOf(params).toEqualTypeOf<{ location_id: string }>();
        return ok({ id: Number(params.location_id), title: `salon ${query.get("my") ?? "-"}` });
      }),
    );
    const company = await client.v1.getLocation({ location_id: 42, my: 1 });
    expect(company).toEqual({ id: 42, title: "salon 1" });
    const raw = await client.v1.get("/company/{location_id}", { params: { path: { location_id: 7 } } });
    expect(raw).toEqual({ success: true, data: { id: 7, title: "salon -" }, meta: [] });
  });

  it("ok(data, meta) sends the meta given", async () => {
    server.use(altegio.v1.get("/company/{location_id}", () => ok({ id: 1 }, { count: 1 })));
    const { meta } = await client.v1.getLocation({ location_id: 1 }).withResponse();
    expect(meta).toEqual({ count: 1 });
  });

  it("without a resolver, answers the spec's default for the operation", async () => {
    server.use(altegio.v1.get("/company/{location_id}"), altegio.v1.delete("/services/{location_id}/{service_id}"));
    const example = responseExample("v1", "get", "/company/{location_id}");
    expect(example?.status).toBe(200);
    expect(example?.body).toMatchObject({ success: true, data: expect.any(Object) });
    expect(await client.v1.get("/company/{location_id}", { params: { path: { location_id: 1 } } })).toEqual(example?.body);
    expect(responseExample("v1", "delete", "/services/{location_id}/{service_id}")).toEqual({ status: 204, body: null });
    const { response } = await client.v1.DELETE("/services/{location_id}/{service_id}", {
      params: { path: { location_id: 1, service_id: 2 } },
    });
    expect(response.status).toBe(204);
  });

  it("have a default for every operation of both versions", () => {
    for (const version of ["v1", "v2"] as const) {
      const missing = operationTable(version).operations.filter((op) => responseExample(version, op.method, op.path) === undefined);
      expect(missing.map((op) => `${version} ${op.method} ${op.path}`)).toEqual([]);
    }
  });

  it("mock a v2 list with included resources, which unwrap resolves", async () => {
    server.use(
      altegio.v2.get("/locations/{location_id}/services", ({ query }) =>
        jsonApi({
          data: [resource("service", 1, { title: "Cut", category_id: 3 }, { resources: { data: [ref("resource", 9)] } })],
          included: [resource("resource", "9", { title: `Chair (${query.getAll("include").join(",")})` })],
        }),
      ),
    );
    const document = await client.v2.get("/locations/{location_id}/services", {
      params: { path: { location_id: 1 }, query: { include: ["resources"] } },
    });
    const { data } = unwrap(document, { include: ["resources"] });
    expect(data).toEqual([
      { id: "1", type: "service", title: "Cut", category_id: 3, resources: [{ id: "9", type: "resource", title: "Chair (resources)" }] },
    ]);
  });

  it("fail(422, message, fieldErrors) becomes AltegioValidationError with those field errors, v1 and v2", async () => {
    server.use(
      altegio.v1.post("/clients/{location_id}", () => fail(422, "Validation failed", { phone: ["is required"] })),
      altegio.v2.get("/locations/{location_id}/services", () => fail(404, "No such location")),
    );
    const error = await rejectionOf(
      client.v1.post("/clients/{location_id}", { params: { path: { location_id: 1 } }, body: { name: "Ann", phone: "" } }),
      AltegioValidationError,
    );
    expect(error.status).toBe(422);
    expect(error.apiMessage).toBe("Validation failed");
    expect(error.fieldErrors).toEqual({ phone: ["is required"] });
    const missing = await rejectionOf(
      client.v2.get("/locations/{location_id}/services", { params: { path: { location_id: 1 } } }),
      AltegioNotFoundError,
    );
    expect(missing.apiMessage).toBe("No such location");
  });

  it("a 429 then a success: the client retries and resolves", async () => {
    let calls = 0;
    server.use(altegio.v1.get("/company/{location_id}", () => (++calls === 1 ? rateLimited() : ok({ id: 1 }))));
    expect(await client.v1.getLocation({ location_id: 1 })).toEqual({ id: 1 });
    expect(calls).toBe(2);
    expect(retries.map((event) => event.status)).toEqual([429]);
  });

  it("rateLimited() announces its wait where Altegio does, and the client reads it", async () => {
    const once = createAltegioClient({ partnerToken: "partner", userToken: "user", rateLimit: false, timeoutMs: 5_000, retry: false });
    const announced = async (answer: Response): Promise<number | null> => {
      server.use(altegio.v1.get("/company/{location_id}", () => answer as ReturnType<typeof rateLimited>));
      return (await rejectionOf(once.v1.getLocation({ location_id: 1 }), AltegioRateLimitError)).retryAfterMs;
    };
    expect(await announced(rateLimited({ retryAfterSeconds: 3 }))).toBe(3_000);
    expect(await announced(rateLimited({ retryAfterSeconds: 2, announce: "header" }))).toBe(2_000);
    expect(await announced(rateLimited({ announce: "none" }))).toBeNull();
    const answer = rateLimited({ retryAfterSeconds: 3 });
    expect(answer.headers.get("retry-after")).toBeNull();
    expect(await answer.json()).toEqual({ success: false, data: null, meta: { message: "Too many requests. Try again in 3 seconds" } });
  });

  it("429 on every attempt: AltegioRateLimitError after the retries", async () => {
    let calls = 0;
    server.use(
      altegio.v1.get("/company/{location_id}", () => {
        calls += 1;
        return rateLimited({ announce: "header" });
      }),
    );
    await rejectionOf(client.v1.getLocation({ location_id: 1 }), AltegioRateLimitError);
    expect(calls).toBe(3);
  });

  it("follows the base URL the client uses", async () => {
    const local = createAltegioMocks({ baseUrl: "http://127.0.0.1:9/api/" });
    server.use(local.v1.get("/company/{location_id}", ({ params }) => ok({ id: Number(params.location_id) })));
    const other = createAltegioClient({ partnerToken: "partner", baseUrl: "http://127.0.0.1:9/api", rateLimit: false, timeoutMs: 5_000 });
    expect(await other.v1.getLocation({ location_id: 5 })).toEqual({ id: 5 });
  });

  it("give a resolver the request body the client sent, also for a body the spec declares for any media type", async () => {
    let sent: { name: string; phone?: unknown } | undefined;
    server.use(
      altegio.v1.post("/clients/{location_id}", async ({ request }) => {
        const body = await request.json();
        sent = { name: body.name, phone: body.phone };
        return ok({ id: 9, name: body.name });
      }),
    );
    expect(await client.v1.createClient({ location_id: 1 }, { name: "Ann", phone: "79000000000" })).toMatchObject({ id: 9 });
    expect(sent).toEqual({ name: "Ann", phone: "79000000000" });
  });

  it("let a resolver that returns nothing hand the request on to the next handler", async () => {
    const seen: string[] = [];
    server.use(
      altegio.v1.get("/company/{location_id}", ({ params }) => {
        seen.push(params.location_id);
      }),
      altegio.v1.get("/company/{location_id}", async () => {
        seen.push("async");
      }),
      altegio.v1.get("/company/{location_id}", () => ok({ id: 2 })),
    );
    expect(await client.v1.getLocation({ location_id: 5 })).toEqual({ id: 2 });
    expect(seen).toEqual(["5", "async"]);
  });

  it("refuses, when created, a default handler for a path the API does not have", () => {
    expect(() => altegio.v1.get("/no/such/path" as never)).toThrow(
      new TypeError("altegio-sdk/testing: GET /no/such/path is not a v1 operation"),
    );
    expect(() => altegio.v2.delete("/company/{location_id}" as never)).toThrow(TypeError);
  });

  it("rejects bad failure statuses and waits", () => {
    expect(() => fail(200, "not a failure")).toThrow(RangeError);
    expect(() => fail(422.5, "not a status")).toThrow(RangeError);
    expect(() => rateLimited({ retryAfterSeconds: -1 })).toThrow(RangeError);
    expect(() => rateLimited({ retryAfterSeconds: 1.5 })).toThrow(RangeError);
  });
});

describe("altegio-sdk/testing types", () => {
  it("checks paths, parameters and answers at compile time", () => {
    // @ts-expect-error id is a number in the v1 schema
    altegio.v1.get("/company/{location_id}", () => ok({ id: "not a number" }));
    // @ts-expect-error not a v1 GET operation
    void (() => altegio.v1.get("/no/such/path"));
    // @ts-expect-error the path has no such parameter
    altegio.v1.get("/company/{location_id}", ({ params }) => ok({ id: Number(params.team_member_id) }));
    // @ts-expect-error a v2 document is not a v1 envelope
    altegio.v1.get("/company/{location_id}", () => jsonApi({ data: [] }));
    // @ts-expect-error services are of type "service"
    altegio.v2.get("/locations/{location_id}/services", () => jsonApi({ data: [resource("staff", 1, { title: "x", category_id: 1 })] }));
    // Answers are exact where the operation's type is closed: a misspelled property is an error.
    const client = "/client/{location_id}/{id}";
    altegio.v1.get(client, ({ params }) => ok({ id: Number(params.id), name: "Ann" }, { total_count: 1 }));
    // @ts-expect-error a v1 client has `name`, not `nmae`
    altegio.v1.get(client, () => ok({ id: 1, nmae: "Ann" }));
    // @ts-expect-error ... also from an async resolver
    altegio.v1.get(client, async () => ok({ id: 1, nmae: "Ann" }));
    let calls = 0;
    // @ts-expect-error ... and in one branch of a conditional answer
    altegio.v1.get(client, () => (++calls > 1 ? rateLimited() : ok({ id: 1, nmae: "Ann" })));
    // @ts-expect-error meta is checked too: `total_count`, not `totl_count`
    altegio.v1.get(client, () => ok({ id: 1 }, { totl_count: 1 }));
    const services = "/locations/{location_id}/services";
    altegio.v2.get(services, () =>
      // @ts-expect-error a v2 service's attributes have `title`, not `titel`
      jsonApi({ data: [{ type: "service", id: "1", attributes: { title: "x", category_id: 1, titel: "y" } }] }),
    );
    // @ts-expect-error ... and so do the attributes of a resource(...) in it
    altegio.v2.get(services, () => jsonApi({ data: [resource("service", 1, { title: "x", category_id: 1, titel: "y" })] }));
    // Built outside a handler, a reply is typed as given, and checked structurally where it is returned.
    const prepared = ok({ id: 1, name: "Ann" });
    expectTypeOf(prepared).toEqualTypeOf<
      ReturnType<typeof HttpResponse.json<{ success: true; data: { id: number; name: string }; meta: [] }>>
    >();
    altegio.v1.get(client, () => prepared);
    // request.json() is the body the client sends: a wildcard-media body (create_client) as JSON, too.
    altegio.v1.post("/clients/{location_id}", async ({ request }) => {
      const body = await request.json();
      expectTypeOf(body.name).toEqualTypeOf<string>();
      // @ts-expect-error a client has `name`, not `nmae`
      void body.nmae;
    });
    altegio.v1.post("/records/{location_id}", async ({ request }) => {
      // @ts-expect-error an appointment's body has no `nmae`
      void (await request.json()).nmae;
    });
    // Failures fit every operation, whatever it documents.
    altegio.v1.get("/company/{location_id}", () => fail(503, "maintenance"));
    altegio.v2.get("/locations/{location_id}/services", () => rateLimited());
    expect(true).toBe(true);
  });

  it("types responseExample as the operation's success body", () => {
    const company = responseExample("v1", "get", "/company/{location_id}");
    expectTypeOf(company).toEqualTypeOf<ResponseExample<SuccessBodyOf<V1Paths, "/company/{location_id}", "get">> | undefined>();
    expectTypeOf(company?.body.data.title).toEqualTypeOf<string | undefined>();
    const client = responseExample("v1", "get", "/client/{location_id}/{id}");
    // @ts-expect-error a v1 client has no `nmae`
    void client?.body.data.nmae;
    expectTypeOf(responseExample("v1", "delete", "/services/{location_id}/{service_id}")?.body).toEqualTypeOf<null | undefined>();
    expectTypeOf(responseExample("v2", "get", "/locations/{location_id}/services")?.body.data[0]?.type).toEqualTypeOf<
      "service" | undefined
    >();
    // @ts-expect-error not a v1 GET operation
    void responseExample("v1", "get", "/no/such/path");
    // A method and path known only at run time: the body is unknown.
    const [method, path]: string[] = ["get", "/company/{location_id}"];
    expectTypeOf(responseExample("v1", method as string, path as string)).toEqualTypeOf<ResponseExample | undefined>();
    expect(company?.body.success).toBe(true);
  });
});
