/**
 * `altegio.login({ login, password })`: `POST /auth` with the partner token, and a client bound to
 * the user token it returns. A two-factor challenge is an outcome, not an error: the API then answers
 * without `user_token`, with `{ uuid, transport: { recipient }, attempts_left }` instead. Confirming
 * sends `POST /auth` again with `{ login, password, code, uuid }`. Neither answer nor confirmation is
 * in the spec: both follow what a working integration observed (see the README).
 * A wrong password is the API's error (AltegioAuthenticationError, ...). The password and the code
 * are only ever placed in the request body.
 */
import { AltegioConfigurationError, AltegioError } from "./errors.js";
import { isRecord } from "./api-body.js";
import { checkToken } from "./validation.js";

export interface LoginCredentials {
  /** Phone number (`+13155550175`) or email address. */
  readonly login: string;
  readonly password: string;
  /** Two-factor confirmation: the code the user received, with the challenge's `uuid`. */
  readonly code?: string;
  readonly uuid?: string;
}

export interface LoginOptions {
  readonly signal?: AbortSignal;
}

/** What the API said instead of a user token when the account has two-factor authentication on. */
export interface TwoFactorChallenge {
  /** Challenge id, when the API sent one; confirming sends it back. */
  readonly uuid: string | null;
  /** Where the code went (`transport.recipient`, e.g. a masked phone number), when the API said. */
  readonly recipient: string | null;
  /** Confirmation attempts left (`attempts_left`), when the API said. */
  readonly attemptsLeft: number | null;
  /** The response's `data` as received (no token is in it). */
  readonly details: Readonly<Record<string, unknown>>;
}

export type LoginResult<Client, User> =
  | {
      readonly status: "authenticated";
      /** A client bound to the new user token (the original client is unchanged). */
      readonly client: Client;
      readonly userToken: string;
      /** The user, as `POST /auth` describes it. */
      readonly user: User;
    }
  | {
      readonly status: "two-factor-required";
      readonly challenge: TwoFactorChallenge;
      /** `POST /auth` again with the credentials, `code` and the challenge's `uuid`: authenticated, or a new challenge. */
      confirm(code: string, options?: LoginOptions): Promise<LoginResult<Client, User>>;
    };

export interface LoginDependencies<Client> {
  /** Sends `POST /auth` and resolves to the success body (throws the typed API errors). */
  authorize(credentials: LoginCredentials, options: LoginOptions | undefined): Promise<unknown>;
  withUserToken(userToken: string): Client;
}

const TWO_FACTOR_KEY = /2fa|two_?factor|^uuid$|^attempts_left$/i;

function assertCredentials(credentials: LoginCredentials): void {
  for (const field of ["login", "password"] as const) {
    const value: unknown = credentials?.[field];
    if (typeof value !== "string" || value === "") {
      throw new AltegioConfigurationError(`altegio.login() needs a non-empty string \`${field}\``);
    }
  }
  for (const field of ["code", "uuid"] as const) {
    const value: unknown = credentials[field];
    if (value !== undefined && (typeof value !== "string" || value === "")) {
      throw new AltegioConfigurationError(`altegio.login(): \`${field}\` must be a non-empty string when given`);
    }
  }
  if ((credentials.code === undefined) !== (credentials.uuid === undefined)) {
    throw new AltegioConfigurationError("altegio.login(): a two-factor confirmation needs both `code` and the challenge's `uuid`");
  }
}

/** A count as Altegio sends numbers: `3`, or `"3"`. */
function countOf(value: unknown): number | null {
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? value : null;
  return typeof value === "string" && /^\d{1,9}$/.test(value.trim()) ? Number(value) : null;
}

function challengeOf(data: Record<string, unknown>): TwoFactorChallenge {
  const { uuid, transport, attempts_left: attemptsLeft } = data;
  const recipient = isRecord(transport) ? transport["recipient"] : undefined;
  return {
    uuid: typeof uuid === "string" ? uuid : null,
    recipient: typeof recipient === "string" ? recipient : null,
    attemptsLeft: countOf(attemptsLeft),
    details: data,
  };
}

/**
 * The server's `user_token`, trimmed (a CRLF after it is harmless). One a header cannot carry is the
 * server's fault: an AltegioError that never contains the token, rather than a TypeError holding it.
 */
function userTokenOf(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  try {
    return checkToken(value, "The user_token of the POST /auth answer");
  } catch (error) {
    throw new AltegioError(`${(error as Error).message} It was not used.`, { method: "POST" });
  }
}

export async function login<Client, User>(
  dependencies: LoginDependencies<Client>,
  credentials: LoginCredentials,
  options?: LoginOptions,
): Promise<LoginResult<Client, User>> {
  assertCredentials(credentials);
  const body = await dependencies.authorize(credentials, options);
  const data = isRecord(body) && isRecord(body["data"]) ? body["data"] : {};
  const userToken = userTokenOf(data["user_token"]);
  if (userToken !== undefined) {
    return { status: "authenticated", client: dependencies.withUserToken(userToken), userToken, user: data as User };
  }
  if (Object.keys(data).some((key) => TWO_FACTOR_KEY.test(key))) {
    const challenge = challengeOf(data);
    const { login: loginName, password } = credentials;
    return {
      status: "two-factor-required",
      challenge,
      confirm: (code, confirmOptions) => {
        if (challenge.uuid === null) {
          return Promise.reject(new AltegioConfigurationError("This two-factor challenge carries no uuid to confirm it with"));
        }
        return login<Client, User>(dependencies, { login: loginName, password, code, uuid: challenge.uuid }, confirmOptions);
      },
    };
  }
  throw new AltegioError("POST /auth succeeded but returned neither a user token nor a two-factor challenge", {
    method: "POST",
  });
}
