/**
 * openapi-fetch's method surface (`GET`, `POST`, ..., `request`) over a request function, for
 * clients that are a view of another one (location scopes): no middleware of their own.
 */
import type { Client } from "openapi-fetch";
import type { HttpMethod, RawInit, RawRequest } from "./typed-client.js";

/** openapi-fetch's calls on a scoped request function. Middleware belongs to the client it was derived from. */
export type ScopedClient<Paths extends {}> = Omit<Client<Paths>, "use" | "eject">;

export function scopedClient<Paths extends {}>(request: RawRequest): ScopedClient<Paths> {
  const call = (method: HttpMethod) => (path: string, init?: RawInit) => request(method, path, init);
  const methods = {
    // A method that is not a string is the request's to refuse, as a rejection.
    request: (method: string, path: string, init?: RawInit) =>
      request((typeof method === "string" ? method.toLowerCase() : method) as HttpMethod, path, init),
    GET: call("get"),
    PUT: call("put"),
    POST: call("post"),
    DELETE: call("delete"),
    OPTIONS: call("options"),
    HEAD: call("head"),
    PATCH: call("patch"),
    TRACE: call("trace"),
  };
  return methods as unknown as ScopedClient<Paths>;
}
