import { mkdir, readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { removeStaleEntries } from "./write-atomic.js";

/**
 * Output directories filled through a staging directory inside each (hidden, so git-ignored with
 * its parent and skipped by tsc) and moved into place only once the whole run has succeeded: a
 * failed generation leaves the previous output exactly as it was.
 */
export class StagedOutput {
  readonly #stages = new Map<string, string>();

  /** An empty directory to write what belongs in `dir`. */
  async stage(dir: string): Promise<string> {
    // A run killed by a signal never reached its `discard()`: its staging directory goes now.
    await removeStaleEntries(dir, (name) => {
      const match = /^\.staging-(\d+)$/.exec(name);
      return match ? Number(match[1]) : undefined;
    });
    const stage = join(dir, `.staging-${process.pid}`);
    await rm(stage, { recursive: true, force: true });
    await mkdir(stage, { recursive: true });
    this.#stages.set(dir, stage);
    return stage;
  }

  /** Moves every staged file over the one of the same name in its directory. */
  async commit(): Promise<void> {
    for (const [dir, stage] of this.#stages) {
      for (const name of await readdir(stage)) await rename(join(stage, name), join(dir, name));
    }
  }

  async discard(): Promise<void> {
    for (const stage of this.#stages.values()) await rm(stage, { recursive: true, force: true });
  }
}
