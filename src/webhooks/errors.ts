/**
 * The webhook entry's own error. It extends the SDK's base class (one `instanceof AltegioError`
 * catches it) but lives here, not in the facade's errors module: only this entry throws it, and the
 * main entry's bundle stays free of it.
 */
import { AltegioError, nameErrorClass } from "../facade/errors.js";

export type WebhookPayloadProblem = "not-json" | "not-an-object" | "invalid-field";

/** A webhook body that is not an Altegio event: not JSON, or a required field missing or of the wrong type. */
export class AltegioWebhookPayloadError extends AltegioError {
  readonly problem: WebhookPayloadProblem;
  /** The field at fault (`company_id`, `resource`, ...), or `null` for the body as a whole. */
  readonly field: string | null;

  constructor(problem: WebhookPayloadProblem, message: string, field: string | null = null) {
    super(`Invalid Altegio webhook: ${message}`);
    this.problem = problem;
    this.field = field;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), problem: this.problem, field: this.field };
  }
}
nameErrorClass(AltegioWebhookPayloadError, "AltegioWebhookPayloadError");
