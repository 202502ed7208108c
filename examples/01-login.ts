/** Log in with a login and password (or use a user token you already have). */
import { createAltegioClient, type AltegioClient } from "../src/index.js";
import type { Example, ExampleContext } from "./context.js";

/** The client every other example uses: bound to a user token. */
export async function userClient(context: ExampleContext): Promise<AltegioClient> {
  const altegio = createAltegioClient(context.clientOptions);
  if ("userToken" in context.credentials) return altegio.withUserToken(context.credentials.userToken);
  const result = await altegio.login(context.credentials);
  if (result.status === "two-factor-required") {
    throw new Error("this account has two-factor authentication on: set ALTEGIO_USER_TOKEN instead");
  }
  return result.client;
}

export const loginExample: Example = {
  title: "Log in",
  async run(context) {
    const altegio = createAltegioClient(context.clientOptions);
    if ("userToken" in context.credentials) {
      context.print("Using the user token from ALTEGIO_USER_TOKEN: altegio.withUserToken(token)");
      return;
    }
    const result = await altegio.login(context.credentials);
    if (result.status === "authenticated") {
      context.print(`Logged in as ${result.user.name ?? "?"} (user id ${result.user.id ?? "?"})`);
      context.print(`User token ${result.userToken.slice(0, 4)}…: result.client sends it with every request`);
    } else {
      context.print(`Two-factor authentication required (challenge ${result.challenge.uuid ?? "without id"})`);
    }
  },
};
