import { describe, expect, it } from "vitest";
import { AltegioApiError, AltegioServerError } from "../../../src/index.js";
import { faults } from "../../helpers/fault-server.js";
import { clientFor, PARTNER, rejectionOf, useFaultServer } from "./harness.js";

// An error body is read to 64 KiB and cut there. A secret the server echoed across that point comes
// back as its first characters only, which no masker of whole secrets matches.

const server = useFaultServer();
const CUT_AT = 64 * 1024;

/** An HTML page whose 64 KiB cut falls `keep` bytes into `secret`, with nothing but tags before the message. */
function pageCutting(secret: string, keepBytes: number): string {
  const message = "Login failed: ";
  const head = "<html><body>";
  const padding = CUT_AT - head.length - message.length - keepBytes;
  return `${head}${"<i>".repeat(Math.floor(padding / 3))}${" ".repeat(padding % 3)}${message}${secret} and more</body></html>`;
}

const login = (password: string) => clientFor(server(), { retry: false }).login({ login: "owner@example.com", password });

describe("a secret cut by the error body's size limit", () => {
  it("masks the first characters of a password the cut leaves at the end of the page", async () => {
    const password = "correct-horse-battery-staple";
    server().enqueue(faults.respond(500, pageCutting(password, 11), { "content-type": "text/html" }));
    const error = await rejectionOf(login(password), AltegioServerError);
    expect(error.bodyExcerpt).toBe("Login failed: [REDACTED]");
    expect(JSON.stringify(error)).not.toContain(password.slice(0, 11));
  });

  it("masks a partner token cut the same way, and a password cut inside a multi-byte character", async () => {
    server().enqueue(faults.respond(502, pageCutting(PARTNER, 9), { "content-type": "text/html" }));
    const token = await rejectionOf(
      clientFor(server(), { retry: false }).v1.get("/company/{location_id}", { params: { path: { location_id: 1 } } }),
      AltegioServerError,
    );
    expect(token.bodyExcerpt).toBe("Login failed: [REDACTED]");
    const password = "пароль-секрет-42";
    // 12 bytes in: the cut splits the seventh Cyrillic letter, which decodes as U+FFFD.
    server().enqueue(faults.respond(500, pageCutting(password, 13), { "content-type": "text/html" }));
    const cyrillic = await rejectionOf(login(password), AltegioServerError);
    expect(cyrillic.bodyExcerpt).toBe("Login failed: [REDACTED]");
  });

  it("masks a password a 2xx page holds across the 64 K characters its excerpt reads", async () => {
    const password = "correct-horse-battery-staple";
    server().enqueue(faults.respond(200, `${pageCutting(password, 7)}${" ".repeat(70_000)}`, { "content-type": "text/html" }));
    const error = await rejectionOf(login(password), AltegioApiError);
    expect(error.bodyExcerpt).toBe("Login failed: [REDACTED]");
  });

  it("leaves a page cut outside any secret as it was, and an uncut page's ending alone", async () => {
    server().enqueue(faults.respond(500, pageCutting("x".repeat(40), 20), { "content-type": "text/html" }));
    const cut = await rejectionOf(login("correct-horse-battery-staple"), AltegioServerError);
    expect(cut.bodyExcerpt).toBe(`Login failed: ${"x".repeat(20)}`);
    server().enqueue(faults.respond(500, "<p>Bad login for cor</p>", { "content-type": "text/html" }));
    const whole = await rejectionOf(login("correct-horse-battery-staple"), AltegioServerError);
    expect(whole.bodyExcerpt).toBe("Bad login for cor");
  });
});
