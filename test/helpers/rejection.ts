/** Awaiting an expected failure without `.catch((e) => e)` and a cast. */

type ErrorClass<E> = abstract new (...args: never[]) => E;

/**
 * The rejection of `promise`; fails the test when it resolves instead, or — given `errorClass` —
 * when it rejects with anything that is not an instance of it.
 */
export async function rejectionOf<E>(promise: Promise<unknown>, errorClass: ErrorClass<E>): Promise<E>;
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown>;
export async function rejectionOf(promise: Promise<unknown>, errorClass?: ErrorClass<unknown>): Promise<unknown> {
  const outcome = await promise.then(
    (value: unknown) => ({ rejected: false as const, value }),
    (error: unknown) => ({ rejected: true as const, error }),
  );
  if (!outcome.rejected) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  if (errorClass !== undefined && !(outcome.error instanceof errorClass)) {
    throw new Error(`expected a rejection with ${errorClass.name}, got ${String(outcome.error)}`, { cause: outcome.error });
  }
  return outcome.error;
}
