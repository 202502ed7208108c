import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import {
  AltegioAbortError,
  AltegioConnectionError,
  AltegioServerError,
  AltegioTimeoutError,
  AltegioValidationError,
  errorFromResponse,
} from "../../../src/facade/errors.js";
import { STATUS_ERROR_CASES } from "./status-cases.js";
import type { RetryEvent } from "../../../src/facade/events.js";
import { createRateLimiter } from "../../../src/facade/rate-limiter.js";
import { createTransport, setRequestOptions, type TransportOptions } from "../../../src/facade/transport.js";
import { faults, startFaultServer } from "../../helpers/fault-server.js";
import { useFaultServer } from "../../helpers/fault-server-hooks.js";
import { rejectionOf } from "../../helpers/rejection.js";

const server = useFaultServer();

/** Fast retries and no rate limiting unless a test says otherwise. */
function transportFor(options: TransportOptions = {}) {
  return createTransport({
    rateLimiter: null,
    timeoutMs: 2_000,
    ...options,
    retry: options.retry === false ? false : { baseDelayMs: 1, maxDelayMs: 5, ...options.retry },
  });
}

function jsonRequest(method: string, body: unknown, path = "/api/v1/things"): Request {
  return new Request(`${server().url}${path}`, {
    method,
    body: JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });
}

async function elapsedMs(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run().catch(() => undefined);
  return performance.now() - started;
}

describe("HTTP failures", () => {
  it.each(STATUS_ERROR_CASES)("returns the final %i response, which errorFromResponse maps to %s", async (status, ErrorClass) => {
    server().enqueue(faults.status(status));
    const request = new Request(`${server().url}/api/v1/things`);
    const response = await transportFor({ retry: false })(request);
    expect(response.status).toBe(status);
    const error = errorFromResponse({ method: "GET", url: request.url, response, bodyText: await response.text() });
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.apiMessage).toBe(`status ${status}`);
  });

  it("maps an nginx 502 page to AltegioServerError with a readable excerpt", async () => {
    server().enqueue(faults.html502());
    const response = await transportFor({ retry: false })(new Request(`${server().url}/x`));
    const error = errorFromResponse({ method: "GET", url: `${server().url}/x`, response, bodyText: await response.text() });
    expect(error).toBeInstanceOf(AltegioServerError);
    expect(error.bodyExcerpt).toBe("502 Bad Gateway");
  });

  it("maps a 200 with success:false to a validation error when fields are listed", async () => {
    server().enqueue(faults.failure("Invalid", { "[date_to]": ["Required"] }));
    const response = await transportFor()(new Request(`${server().url}/x`));
    expect(response.status).toBe(200);
    expect(server().requests).toHaveLength(1);
    const error = errorFromResponse({ method: "GET", url: `${server().url}/x`, response, bodyText: await response.text() });
    expect(error).toBeInstanceOf(AltegioValidationError);
    expect(error.normalizedFieldErrors).toEqual({ date_to: ["Required"] });
  });

  it("retries a GET on 503 and returns the later success", async () => {
    server().enqueue(faults.status(503), faults.status(502), faults.ok({ id: 1 }));
    const response = await transportFor()(new Request(`${server().url}/x`));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ success: true, data: { id: 1 }, meta: [] });
    expect(server().requests).toHaveLength(3);
  });

  it("gives up after `retries` and hands back the last response with its body unread", async () => {
    server().setFallback(() => faults.status(503));
    const response = await transportFor({ retry: { retries: 2 } })(new Request(`${server().url}/x`));
    expect(server().requests).toHaveLength(3);
    expect(response.status).toBe(503);
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toMatchObject({ meta: { message: "status 503" } });
  });

  it("does not retry statuses outside retryOn", async () => {
    server().enqueue(faults.status(500), faults.ok());
    const response = await transportFor()(new Request(`${server().url}/x`));
    expect(response.status).toBe(500);
    expect(server().requests).toHaveLength(1);
  });

  it("sends a POST exactly once on 503 by default", async () => {
    server().enqueue(faults.status(503), faults.ok());
    const response = await transportFor()(jsonRequest("POST", { name: "x" }));
    expect(response.status).toBe(503);
    expect(server().requests).toHaveLength(1);
  });

  it("retries a POST when the client opts in", async () => {
    server().enqueue(faults.status(503), faults.ok());
    const response = await transportFor({ retry: { retryNonIdempotent: true } })(jsonRequest("POST", { name: "x" }));
    expect(response.status).toBe(200);
    expect(server().requests.map((request) => request.method)).toEqual(["POST", "POST"]);
  });

  it("retries a POST when one request opts in, via setRequestOptions", async () => {
    server().enqueue(faults.status(503), faults.ok());
    const request = setRequestOptions(jsonRequest("POST", { name: "x" }), { altegioRetry: { retryNonIdempotent: true } });
    expect((await transportFor()(request)).status).toBe(200);
    expect(server().requests).toHaveLength(2);
  });

  it("lets one request turn retries off", async () => {
    server().enqueue(faults.status(503), faults.ok());
    const request = setRequestOptions(new Request(`${server().url}/x`), { altegioRetry: false });
    expect((await transportFor()(request)).status).toBe(503);
    expect(server().requests).toHaveLength(1);
  });

  it("re-sends the body of a retried PUT byte for byte", async () => {
    server().enqueue(faults.status(503), faults.status(504), faults.ok());
    const payload = { title: "Zoë — 予約 ✓", items: Array.from({ length: 2_000 }, (_, index) => index) };
    const response = await transportFor()(jsonRequest("PUT", payload));
    expect(response.status).toBe(200);
    const expected = Buffer.from(JSON.stringify(payload), "utf8");
    expect(server().requests).toHaveLength(3);
    for (const received of server().requests) {
      expect(received.method).toBe("PUT");
      expect(received.body.equals(expected)).toBe(true);
      expect(received.headers["content-type"]).toBe("application/json");
    }
  });
});

describe("Retry-After", () => {
  it("waits the number of seconds a 429 asks for", async () => {
    server().enqueue(faults.rateLimited(1), faults.ok());
    const response = await transportFor()(new Request(`${server().url}/x`));
    expect(response.status).toBe(200);
    const [first, second] = server().requests;
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(950);
  });

  it("reads an HTTP-date and caps the wait at maxRetryAfterMs", async () => {
    const retries: RetryEvent[] = [];
    server().enqueue(faults.rateLimited(new Date(Date.now() + 30_000).toUTCString()), faults.ok());
    const transport = transportFor({ retry: { maxRetryAfterMs: 300 }, hooks: { onRetry: (event) => retries.push(event) } });
    const response = await transport(new Request(`${server().url}/x`));
    expect(response.status).toBe(200);
    expect(retries).toMatchObject([{ reason: "status", status: 429, delayMs: 300, attempt: 1, nextAttempt: 2 }]);
    const [first, second] = server().requests;
    const gap = second!.receivedAt - first!.receivedAt;
    expect(gap).toBeGreaterThanOrEqual(280);
    expect(gap).toBeLessThan(5_000);
  });
});

describe("aborts and timeouts", () => {
  it("stops at once when the caller aborts during a retry wait", async () => {
    server().enqueue(faults.rateLimited(30), faults.ok());
    const controller = new AbortController();
    const request = new Request(`${server().url}/x`, { signal: controller.signal });
    const pending = transportFor()(request);
    setTimeout(() => controller.abort(), 100);
    const elapsed = await elapsedMs(() => pending);
    await expect(pending).rejects.toBeInstanceOf(AltegioAbortError);
    expect(elapsed).toBeLessThan(2_000);
    expect(server().requests).toHaveLength(1);
  });

  it("stops at once when the caller aborts while waiting for the rate limiter", async () => {
    const transport = transportFor({ rateLimiter: createRateLimiter({ limits: [{ requests: 1, perMs: 30_000 }] }) });
    await transport(new Request(`${server().url}/first`));
    const controller = new AbortController();
    const pending = transport(new Request(`${server().url}/second`, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    const elapsed = await elapsedMs(() => pending);
    await expect(pending).rejects.toBeInstanceOf(AltegioAbortError);
    expect(elapsed).toBeLessThan(2_000);
    expect(server().requests.map((request) => request.url)).toEqual(["/first"]);
  });

  it("throws AltegioAbortError, without retrying, when the caller aborts in flight", async () => {
    server().setFallback(() => faults.hang());
    const controller = new AbortController();
    const pending = transportFor()(new Request(`${server().url}/x`, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: "AltegioAbortError", method: "GET" });
    expect(server().requests).toHaveLength(1);
  });

  it("throws AltegioAbortError before sending when the signal is already aborted", async () => {
    const pending = transportFor()(new Request(`${server().url}/x`, { signal: AbortSignal.abort() }));
    await expect(pending).rejects.toBeInstanceOf(AltegioAbortError);
    expect(server().requests).toHaveLength(0);
  });

  it("throws AltegioTimeoutError when an attempt exceeds timeoutMs", async () => {
    server().setFallback(() => faults.hang());
    const pending = transportFor({ timeoutMs: 100, retry: false })(new Request(`${server().url}/x`));
    await expect(pending).rejects.toBeInstanceOf(AltegioTimeoutError);
    await expect(pending).rejects.toMatchObject({ timeoutMs: 100 });
  });

  it("retries timed-out GETs, each attempt with its own deadline", async () => {
    server().enqueue(faults.hang(), faults.slow(20, faults.ok({ late: false })));
    const response = await transportFor({ timeoutMs: 150 })(new Request(`${server().url}/x`));
    expect(await response.json()).toMatchObject({ data: { late: false } });
    expect(server().requests).toHaveLength(2);
  });

  it("does not retry a timed-out POST", async () => {
    server().setFallback(() => faults.hang());
    const pending = transportFor({ timeoutMs: 100 })(jsonRequest("POST", {}));
    await expect(pending).rejects.toBeInstanceOf(AltegioTimeoutError);
    expect(server().requests).toHaveLength(1);
  });

  it("lets one request choose its own timeout", async () => {
    server().enqueue(faults.slow(300, faults.ok()));
    const request = setRequestOptions(new Request(`${server().url}/x`), { altegioTimeoutMs: 50, altegioRetry: false });
    await expect(transportFor({ timeoutMs: 5_000 })(request)).rejects.toBeInstanceOf(AltegioTimeoutError);
  });

  it("treats timeoutMs 0 and values beyond the timer range as no deadline", async () => {
    for (const timeoutMs of [0, 2 ** 40]) {
      server().enqueue(faults.slow(50, faults.ok()));
      expect((await transportFor({ timeoutMs, retry: false })(new Request(`${server().url}/x`))).status).toBe(200);
    }
  });

  it("times out a body that stops arriving, through openapi-fetch", async () => {
    server().setFallback(() => faults.stallBody());
    const client = createClient<Record<string, never>>({ baseUrl: server().url, fetch: transportFor({ timeoutMs: 150, retry: false }) });
    const pending = client.request("get", "/x" as never);
    await expect(pending).rejects.toBeInstanceOf(AltegioTimeoutError);
  });

  it("retries a GET whose body stopped arriving, like any other timeout", async () => {
    server().enqueue(faults.stallBody(), faults.ok({ second: true }));
    const retries: RetryEvent[] = [];
    const client = createClient<Record<string, never>>({
      baseUrl: server().url,
      fetch: transportFor({ timeoutMs: 150, hooks: { onRetry: (event) => void retries.push(event) } }),
    });
    const result = await client.request("get", "/x" as never);
    expect(result.data).toEqual({ success: true, data: { second: true }, meta: [] });
    expect(retries).toMatchObject([{ reason: "timeout", attempt: 1 }]);
    expect(server().requests).toHaveLength(2);
  });

  it("never fires an attempt's deadline before timeoutMs, and at most 10 ms (plus timer lag) after", async () => {
    server().setFallback(() => faults.hang());
    const started = performance.now();
    await expect(transportFor({ timeoutMs: 120, retry: false })(new Request(`${server().url}/x`))).rejects.toBeInstanceOf(
      AltegioTimeoutError,
    );
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(119);
    expect(elapsed).toBeLessThan(120 + 10 + 2_000);
  });
});

describe("connection failures", () => {
  it("retries a dropped GET, then throws AltegioConnectionError with the cause", async () => {
    server().setFallback(() => faults.drop());
    const pending = transportFor({ retry: { retries: 2 } })(new Request(`${server().url}/x`));
    const error = await rejectionOf(pending, AltegioConnectionError);
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.message).toContain("GET");
    expect(server().requests).toHaveLength(3);
  });

  it("recovers when a retry of a dropped GET succeeds", async () => {
    server().enqueue(faults.drop(), faults.ok());
    expect((await transportFor()(new Request(`${server().url}/x`))).status).toBe(200);
    expect(server().requests).toHaveLength(2);
  });

  it("sends a POST once even when its connection drops", async () => {
    server().setFallback(() => faults.drop());
    await expect(transportFor()(jsonRequest("POST", {}))).rejects.toBeInstanceOf(AltegioConnectionError);
    expect(server().requests).toHaveLength(1);
  });

  it("throws AltegioConnectionError when nothing listens", async () => {
    const closed = await startFaultServer();
    await closed.close();
    const pending = transportFor({ retry: false })(new Request(`${closed.url}/x`));
    await expect(pending).rejects.toBeInstanceOf(AltegioConnectionError);
  });
});

describe("with openapi-fetch", () => {
  const clientFor = (options: TransportOptions = {}) =>
    createClient<Record<string, never>>({ baseUrl: server().url, fetch: transportFor(options) });

  it("returns data after retrying a 503", async () => {
    server().enqueue(faults.status(503), faults.ok({ id: 7 }));
    const result = await clientFor().request("get", "/x" as never);
    expect(result.data).toEqual({ success: true, data: { id: 7 }, meta: [] });
    expect(server().requests).toHaveLength(2);
  });

  it("returns the failure as `error` rather than throwing", async () => {
    server().enqueue(faults.status(404));
    const result = await clientFor().request("get", "/x" as never);
    expect(result.error).toMatchObject({ success: false, meta: { message: "status 404" } });
    expect(result.response.status).toBe(404);
  });

  it("honours a per-request `altegioRetry` passed in the call's init", async () => {
    server().enqueue(faults.status(503), faults.ok());
    const init = { body: { name: "x" }, altegioRetry: { retryNonIdempotent: true } };
    const result = await clientFor().request("post", "/x" as never, init as never);
    expect(result.response.status).toBe(200);
    expect(server().requests).toHaveLength(2);
  });

  it("rejects with the SDK's connection error", async () => {
    server().setFallback(() => faults.drop());
    await expect(clientFor({ retry: false }).request("get", "/x" as never)).rejects.toBeInstanceOf(AltegioConnectionError);
  });
});

describe("rate limiter slots", () => {
  it("releases each attempt's slot once its response has arrived, and after a failure too", async () => {
    const log: string[] = [];
    let acquired = 0;
    const limiter = {
      acquire: async () => {
        const slot = ++acquired;
        log.push(`acquire ${slot}`);
        return () => void log.push(`release ${slot}`);
      },
    };
    server().enqueue(faults.status(503), faults.ok());
    const fetchLogged = (request: Request, init?: RequestInit) => {
      log.push(`fetch ${acquired}`);
      return globalThis.fetch(request, init);
    };
    const response = await transportFor({ rateLimiter: limiter, fetch: fetchLogged })(new Request(`${server().url}/x`));
    expect(response.status).toBe(200);
    expect(log).toEqual(["acquire 1", "fetch 1", "release 1", "acquire 2", "fetch 2", "release 2"]);

    log.length = 0;
    await expect(
      transportFor({ rateLimiter: limiter, retry: false })(new Request("http://127.0.0.1:9/unreachable")),
    ).rejects.toBeInstanceOf(AltegioConnectionError);
    expect(log).toEqual(["acquire 3", "release 3"]);
  });

  it("ends the request at once when aborted while a limiter that ignores the signal holds it, and gives the late slot back", async () => {
    let grant: (release: () => void) => void = () => undefined;
    const released: string[] = [];
    const limiter = { acquire: () => new Promise<() => void>((resolve) => (grant = resolve)) };
    const controller = new AbortController();
    const sending = transportFor({ rateLimiter: limiter })(new Request(`${server().url}/x`, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    await rejectionOf(sending, AltegioAbortError);
    grant(() => void released.push("late slot"));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(released).toEqual(["late slot"]);
    expect(server().requests).toHaveLength(0);
  });

  it("returns the response when the limiter's release throws, and logs the failure", async () => {
    const warnings: string[] = [];
    server().enqueue(faults.ok());
    const limiter = {
      acquire: async () => () => {
        throw new Error("redis went away");
      },
    };
    const response = await transportFor({ rateLimiter: limiter, logger: { warn: (message) => warnings.push(message) } })(
      new Request(`${server().url}/x`),
    );
    expect(response.status).toBe(200);
    expect(warnings).toEqual(["altegio: rate limiter release threw"]);
  });

  it("reports a rate-limit wait only when the limiter says it made the request wait", async () => {
    const waits: number[] = [];
    const slowButNotQueued = {
      acquire: async () => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        return Object.assign(() => undefined, { waitedMs: 0 });
      },
    };
    server().enqueue(faults.ok());
    await transportFor({ rateLimiter: slowButNotQueued, hooks: { onRateLimitWait: (event) => void waits.push(event.delayMs) } })(
      new Request(`${server().url}/x`),
    );
    expect(waits).toEqual([]);

    const queued = { acquire: async () => Object.assign(() => undefined, { waitedMs: 40 }) };
    server().enqueue(faults.ok());
    await transportFor({ rateLimiter: queued, hooks: { onRateLimitWait: (event) => void waits.push(event.delayMs) } })(
      new Request(`${server().url}/x`),
    );
    expect(waits).toEqual([40]);
  });

  it("accepts limiters whose acquire resolves to nothing", async () => {
    server().enqueue(faults.ok());
    const response = await transportFor({ rateLimiter: { acquire: async () => undefined } })(new Request(`${server().url}/x`));
    expect(response.status).toBe(200);
  });
});

describe("events", () => {
  it("reports requests, responses, retries and rate-limit waits with attempt numbers", async () => {
    const events: Array<[string, Record<string, unknown>]> = [];
    const record = (name: string) => (event: object) => void events.push([name, { ...event }]);
    const logged: string[] = [];
    server().enqueue(faults.respond(503, "", { "x-request-id": "rid-1" }), faults.ok());
    const transport = transportFor({
      rateLimiter: createRateLimiter({ limits: [{ requests: 1, perMs: 100 }] }),
      retry: { baseDelayMs: 0 },
      hooks: {
        onRequest: record("request"),
        onResponse: record("response"),
        onRetry: record("retry"),
        onRateLimitWait: record("wait"),
      },
      logger: { debug: (message) => logged.push(message), warn: (message) => logged.push(message) },
    });
    await transport(new Request(`${server().url}/x?page=2`));
    expect(events.map(([name]) => name)).toEqual(["request", "response", "retry", "wait", "request", "response"]);
    expect(events[1]![1]).toMatchObject({ status: 503, attempt: 1, requestId: "rid-1", url: `${server().url}/x?page=2` });
    expect(events[2]![1]).toMatchObject({ reason: "status", status: 503, nextAttempt: 2 });
    expect(events[3]![1]["delayMs"]).toBeGreaterThan(50);
    expect(events[5]![1]).toMatchObject({ status: 200, attempt: 2, method: "GET" });
    expect(logged).toContain("altegio: retrying request");
  });

  it("keeps working when a hook throws", async () => {
    const warnings: string[] = [];
    const transport = transportFor({
      hooks: {
        onRequest: () => {
          throw new Error("hook bug");
        },
      },
      logger: { warn: (message) => warnings.push(message) },
    });
    expect((await transport(new Request(`${server().url}/x`))).status).toBe(200);
    expect(warnings).toEqual(["altegio: observer threw"]);
  });
});
