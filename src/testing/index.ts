// Public entry point of altegio-sdk/testing: typed MSW handlers and replies for mocking Altegio in tests.
export {
  altegio,
  createAltegioMocks,
  type AltegioMocks,
  type AltegioMocksOptions,
  type MockAnswer,
  type MockApi,
  type MockBody,
  type MockedMethod,
  type MockMethod,
  type MockRequestInfo,
  type MockResolver,
} from "./handlers.js";
export {
  fail,
  jsonApi,
  ok,
  rateLimited,
  ref,
  resource,
  type AltegioFailureResponse,
  type Checked,
  type Chosen,
  type FailureBody,
  type OkBody,
  type RateLimitedOptions,
  type ReplyInit,
  type ResourceBody,
} from "./replies.js";
export { responseExample, type ApiVersion, type PathsOf, type ResponseExample, type SentBody } from "./defaults.js";
