import type { Middleware } from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { AltegioPathParameterError, AltegioValidationError } from "../../../src/index.js";
import { faults } from "../../helpers/fault-server.js";
import { clientFor, header, PARTNER, rejectionOf, USER, useFaultServer } from "./harness.js";

// The SDK's route check, auth and headers come before any middleware a caller adds, whenever it is
// added and whether it is client-wide (`use`) or per call; and they are done exactly once.

const server = useFaultServer();
const LOCATION = { params: { path: { location_id: 4564 } } };

/** A middleware that records the Authorization and Accept it sees, and optionally replaces the Authorization. */
function observing(replaceAuthorization?: string): Middleware & { seen: { authorization: string | null; accept: string | null }[] } {
  const seen: { authorization: string | null; accept: string | null }[] = [];
  return {
    seen,
    onRequest({ request }) {
      seen.push({ authorization: request.headers.get("Authorization"), accept: request.headers.get("Accept") });
      if (replaceAuthorization !== undefined) request.headers.set("Authorization", replaceAuthorization);
    },
  };
}

describe("middleware a caller adds with use()", () => {
  it("sees the SDK's headers, even when added after the client made requests, and its change is what is sent", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    await altegio.v1.GET("/company/{location_id}", LOCATION);
    const middleware = observing("Bearer replaced-by-middleware");
    altegio.v1.use(middleware);
    await altegio.v1.GET("/company/{location_id}", LOCATION);
    await altegio.v1.get("/company/{location_id}", LOCATION);

    expect(middleware.seen).toEqual([
      { authorization: `Bearer ${PARTNER}, User ${USER}`, accept: "application/vnd.api.v2+json" },
      { authorization: `Bearer ${PARTNER}, User ${USER}`, accept: "application/vnd.api.v2+json" },
    ]);
    expect(header(server(), 0, "authorization")).toBe(`Bearer ${PARTNER}, User ${USER}`);
    expect(header(server(), 1, "authorization")).toBe("Bearer replaced-by-middleware");
    expect(header(server(), 2, "authorization")).toBe("Bearer replaced-by-middleware");
  });

  it("is never called for a request whose path parameters would change the route", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    const middleware = observing();
    altegio.v1.use(middleware);
    const error = await rejectionOf(
      altegio.v1.GET("/company/{location_id}", { params: { path: { location_id: ".." as unknown as number } } }),
      AltegioPathParameterError,
    );
    expect(error.parameter).toBe("location_id");
    expect(middleware.seen).toEqual([]);
    expect(server().requests).toHaveLength(0);
  });

  it("stops running once ejected, and requests keep their auth", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    const middleware = observing("Bearer replaced-by-middleware");
    altegio.v1.use(middleware);
    altegio.v1.eject(middleware);
    await altegio.v1.GET("/company/{location_id}", LOCATION);
    expect(middleware.seen).toEqual([]);
    expect(header(server(), 0, "authorization")).toBe(`Bearer ${PARTNER}, User ${USER}`);
  });

  it("belongs to its API version: v2 requests do not go through v1's middleware", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    const middleware = observing();
    altegio.v1.use(middleware);
    await altegio.v2.GET("/locations/{location_id}/services", LOCATION);
    expect(middleware.seen).toEqual([]);
    expect(header(server(), 0, "authorization")).toBe(`Bearer ${PARTNER}, User ${USER}`);
  });

  it("that replaces the Request: a data method's error is scrubbed of the token the new Request carried", async () => {
    const delegated = "delegated-user-secret-7";
    server().enqueue(faults.failure(`Token ${delegated} has expired`, undefined, 422));
    const altegio = clientFor(server(), { retry: false });
    altegio.v1.use({
      onRequest({ request }) {
        const headers = new Headers(request.headers);
        headers.set("Authorization", `Bearer ${PARTNER}, User ${delegated}`);
        return new Request(request, { headers });
      },
    });
    const error = await rejectionOf(altegio.v1.get("/company/{location_id}", LOCATION), AltegioValidationError);
    expect(header(server(), 0, "authorization")).toContain(delegated);
    expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain(delegated);
  });
});

describe("the SDK's preparation of a request", () => {
  it("resolves each token once per request, with and without a caller's middleware", async () => {
    let partnerCalls = 0;
    let userCalls = 0;
    const altegio = clientFor(server(), {
      partnerToken: () => {
        partnerCalls++;
        return PARTNER;
      },
      userToken: async () => {
        userCalls++;
        return USER;
      },
    });
    await altegio.v1.GET("/company/{location_id}", LOCATION);
    await altegio.v1.get("/company/{location_id}", { ...LOCATION, middleware: [observing()] });
    altegio.v1.use(observing());
    await altegio.v1.GET("/company/{location_id}", LOCATION);
    await altegio.location(4564).v1.get("/company/{location_id}");
    expect([partnerCalls, userCalls]).toEqual([4, 4]);
    for (const index of [0, 1, 2, 3]) expect(header(server(), index, "authorization")).toBe(`Bearer ${PARTNER}, User ${USER}`);
  });

  it("applies to a call with its own fetch, which skips the transport", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    const seen: string[] = [];
    const ownFetch = (request: Request) => {
      seen.push(request.headers.get("Authorization") ?? "none");
      return fetch(request);
    };
    await altegio.v1.GET("/company/{location_id}", { ...LOCATION, fetch: ownFetch });
    await expect(
      altegio.v1.GET("/company/{location_id}", { params: { path: { location_id: "." as unknown as number } }, fetch: ownFetch }),
    ).rejects.toBeInstanceOf(AltegioPathParameterError);
    expect(seen).toEqual([`Bearer ${PARTNER}, User ${USER}`]);
  });
});
