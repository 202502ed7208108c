/**
 * What a TypeScript user of altegio-sdk writes, compiled against the installed package and run on
 * Node against stub-server.ts. Fails (exit 1) on the first wrong result. The `@ts-expect-error`
 * lines prove the published types are precise: with `any` anywhere on the way, they would not error.
 */
import assert from "node:assert/strict";
import {
  AltegioApiError,
  AltegioAuthenticationError,
  AltegioError,
  AltegioNotFoundError,
  createAltegioClient,
  unwrap,
  type AltegioClient,
  type RetryEvent,
} from "altegio-sdk";
import { APPOINTMENTS, LOCATION_ID, PARTNER_TOKEN, USER_TOKEN, startStubServer } from "./stub-server.js";

const ALTEGIO_ACCEPT = "application/vnd.api.v2+json";

/** Never called: only type-checked. */
export function typeChecks(altegio: AltegioClient): void {
  // @ts-expect-error location_id is a required path parameter
  void altegio.v1.get("/company/{location_id}");
  // @ts-expect-error not an operation of the v1 API
  void altegio.v1.get("/no/such/operation");
  // @ts-expect-error the location scope fills location_id itself
  void altegio.location(LOCATION_ID).v1.get("/company/{location_id}", { params: { path: { location_id: 1 } } });
  // @ts-expect-error a single service is not a paginated list
  void altegio.v1.paginate("/company/{location_id}", { params: { path: { location_id: 1 } } });
  // @ts-expect-error named methods take their path parameters by name
  void altegio.v1.getLocation();
  // @ts-expect-error the location scope fills location_id itself
  void altegio.location(LOCATION_ID).v1.getLocation({ location_id: 1 });
  void (async () => {
    const named = await altegio.v2.listServices({ location_id: LOCATION_ID, include: ["resources"] });
    // @ts-expect-error title is a string
    const title: number | undefined = named.data[0]?.title;
    void title;
  });
  void (async () => {
    const document = await altegio.v2.get("/locations/{location_id}/services", {
      params: { path: { location_id: LOCATION_ID } },
    });
    const [service] = unwrap(document).data;
    // @ts-expect-error title is a string
    const title: number | undefined = service?.title;
    void title;
  });
}

async function main(): Promise<void> {
  const stub = await startStubServer();
  try {
    const retries: RetryEvent[] = [];
    const altegio = createAltegioClient({
      partnerToken: PARTNER_TOKEN,
      baseUrl: stub.url,
      retry: { baseDelayMs: 10 },
      hooks: { onRetry: (event) => retries.push(event) },
    });

    // A partner-token operation by name: the envelope's data. The path surface gives the envelope.
    const company = await altegio.v1.getLocation({ location_id: LOCATION_ID });
    assert.equal(company.title, "Consumer location");
    const viaPath = await altegio.v1.get("/company/{location_id}", { params: { path: { location_id: LOCATION_ID } } });
    assert.equal(viaPath.data?.title, "Consumer location");
    const { meta, response } = await altegio.v1.locations.getLocation({ location_id: LOCATION_ID }).withResponse();
    assert.equal(response.status, 200);
    void meta;

    // Log in: a client bound to the user token.
    await assert.rejects(altegio.login({ login: "user@example.com", password: "wrong" }), AltegioAuthenticationError);
    const login = await altegio.login({ login: "user@example.com", password: "right" });
    assert.equal(login.status, "authenticated");
    if (login.status !== "authenticated") return;
    const user = login.client;
    assert.equal(login.userToken, USER_TOKEN);

    // v2 list with relationships unwrapped from JSON:API, via the location scope.
    const location = user.location(LOCATION_ID);
    const named = await location.v2.listServices({ include: ["resources"] });
    assert.deepEqual(
      named.data.map((service) => service.title),
      ["Haircut", "Colouring"],
    );
    assert.equal(named.data[0]?.resources[0]?.["title"], "Chair 1");
    let namedAppointments = 0;
    for await (const appointment of location.v2.listAppointments()) {
      namedAppointments++;
      assert.equal(appointment.id, String(namedAppointments));
    }
    assert.equal(namedAppointments, APPOINTMENTS);
    const services = unwrap(await location.v2.get("/locations/{location_id}/services", { params: { query: { include: ["resources"] } } }), {
      include: ["resources"],
    });
    const titles: string[] = services.data.map((service) => service.title);
    assert.deepEqual(titles, ["Haircut", "Colouring"]);
    assert.equal(services.data[0]?.resources[0]?.["title"], "Chair 1");

    // Pagination: every appointment, page by page.
    let appointments = 0;
    for await (const appointment of location.v2.paginate("/locations/{location_id}/appointments")) {
      appointments++;
      assert.equal(appointment.id, String(appointments));
    }
    assert.equal(appointments, APPOINTMENTS);
    assert.equal((await location.v2.paginate("/locations/{location_id}/appointments").toArray({ max: 30 })).length, 30);

    // Typed errors, and a retried 503.
    const missing = await altegio.v1
      .get("/company/{location_id}", { params: { path: { location_id: 404 } } })
      .catch((error: unknown) => error);
    assert.ok(missing instanceof AltegioNotFoundError && missing instanceof AltegioApiError && missing instanceof AltegioError);
    assert.equal(missing.status, 404);
    assert.equal(missing.apiMessage, "Location not found");
    const recovered = await altegio.v1.get("/company/{location_id}", { params: { path: { location_id: 503 } } });
    assert.equal(recovered.data?.title, "Recovered location");
    assert.deepEqual(
      retries.map((event) => event.status),
      [503],
    );

    // Headers the API requires were sent on every request.
    assert.ok(stub.seen.every((request) => request.accept === ALTEGIO_ACCEPT));
    // v1 calls above are partner operations (company, login) from the partner-only client; v2 calls are
    // user operations from the logged-in client. Counts first, so an empty list cannot pass.
    const partnerRequests = stub.seen.filter((request) => request.path.startsWith("/v1/"));
    const userRequests = stub.seen.filter((request) => request.path.startsWith("/v2/"));
    assert.equal(partnerRequests.length + userRequests.length, stub.seen.length);
    assert.ok(partnerRequests.length >= 5, `expected at least 5 v1 requests, saw ${partnerRequests.length}`);
    assert.ok(userRequests.length >= 3, `expected at least 3 v2 requests, saw ${userRequests.length}`);
    assert.deepEqual(
      partnerRequests.filter((request) => request.authorization !== `Bearer ${PARTNER_TOKEN}`),
      [],
      "v1 partner operations send the partner token alone",
    );
    assert.deepEqual(
      userRequests.filter((request) => request.authorization !== `Bearer ${PARTNER_TOKEN}, User ${USER_TOKEN}`),
      [],
      "v2 user operations send the partner and user tokens",
    );
    console.log(`consumer: ${stub.seen.length} requests against the stub API, all checks passed`);
  } finally {
    await stub.close();
  }
}

await main();
