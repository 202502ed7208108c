/** The examples `npm run demo` runs, in order. */
import { loginExample } from "./01-login.js";
import { servicesExample } from "./02-services.js";
import { appointmentsExample } from "./03-appointments.js";
import { typedErrorExample } from "./04-typed-error.js";
import { retryExample } from "./05-retry.js";
import type { Example } from "./context.js";

export type { Example, ExampleContext } from "./context.js";

export const examples: readonly Example[] = [loginExample, servicesExample, appointmentsExample, typedErrorExample, retryExample];
