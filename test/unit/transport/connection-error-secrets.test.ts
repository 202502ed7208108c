import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { AltegioConnectionError, createAltegioClient, type AltegioError } from "../../../src/index.js";

const PARTNER = "PARTNERSECRET123";
const USER = "USERSECRET456";

/** What a custom fetch (a proxy agent, a wrapper, a test double) may throw: its own text, quoting the tokens bare. */
const throwing: Record<string, () => unknown> = {
  "an Error quoting the user token": () => new Error(`proxy refused token ${USER}`),
  "an Error whose code is the partner token": () => Object.assign(new Error("boom"), { code: PARTNER }),
  "a string": () => `connection refused, last token ${USER}`,
  "an Error caused by another quoting both": () => new TypeError("fetch failed", { cause: new Error(`${PARTNER} / ${USER} rejected`) }),
};

describe("a connection error of a custom fetch", () => {
  it.each(Object.entries(throwing))("masks the request's own tokens in %s, everywhere it shows", async (_name, thrown) => {
    const logged: string[] = [];
    const events: string[] = [];
    const altegio = createAltegioClient({
      partnerToken: PARTNER,
      userToken: USER,
      rateLimit: false,
      retry: false,
      fetch: async () => {
        throw thrown();
      },
      logger: { error: (message, data) => void logged.push(message, JSON.stringify(data)) },
      hooks: { onError: (event) => void events.push(event.error.message, inspect(event.error, { depth: 10 })) },
    });
    const error = (await altegio.v1.getLocation({ location_id: 1 }).catch((caught: unknown) => caught)) as AltegioError;
    expect(error).toBeInstanceOf(AltegioConnectionError);
    for (const text of [error.message, String(error), JSON.stringify(error), inspect(error, { depth: 10 }), ...logged, ...events]) {
      expect(text).not.toContain(USER);
      expect(text).not.toContain(PARTNER);
    }
  });
});
