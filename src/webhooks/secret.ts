/**
 * The shared-secret check. Altegio signs nothing: the integrator puts a secret in the webhook URL
 * (`?secret=...`) or in an `Authorization` header. Both sides are hashed with SHA-256 and the
 * digests compared byte by byte without an early exit, so the time taken says nothing about the
 * secret, not even its length. Web Crypto only: the same code runs on Node, Bun, Deno and Workers.
 */

const encoder = new TextEncoder();

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

function equalDigests(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let index = 0; index < a.length; index++) difference |= (a[index] ?? 0) ^ (b[index] ?? 0);
  return difference === 0;
}

/** True when any candidate equals any secret. Every pair is compared, so the time does not depend on which matched. */
export async function matchesSecret(candidates: readonly string[], secrets: readonly string[]): Promise<boolean> {
  const [candidateDigests, secretDigests] = await Promise.all([Promise.all(candidates.map(digest)), Promise.all(secrets.map(digest))]);
  let matched = false;
  for (const candidate of candidateDigests) {
    for (const secret of secretDigests) matched = equalDigests(candidate, secret) || matched;
  }
  return matched;
}

/** What a delivery offers as its secret: the query parameter (its `+` read as a space and as a `+`), and the `Authorization` header with or without `Bearer`. */
export function offeredSecrets(url: URL, authorization: string | null, queryParameter: string): string[] {
  const offered = url.searchParams.getAll(queryParameter);
  // A base64 secret pasted into the URL as is: form decoding reads its "+" as a space.
  if (url.search.includes("+")) offered.push(...new URLSearchParams(url.search.replaceAll("+", "%2B")).getAll(queryParameter));
  if (authorization !== null) {
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    offered.push(bearer?.[1] ?? authorization.trim());
  }
  return offered;
}
