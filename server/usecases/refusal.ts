// How a use case says no: one error type carrying what the user can act on (which field, which
// reason as an i18n key). Routes turn it into a 400, 404 or 409 (app/forms.server.ts); nothing was
// written, since every use case refuses before or inside its transaction.
import type { FieldError } from "../../app/domain/records/fields";

export type RefusalKind = "invalid" | "not_found" | "conflict" | "forbidden";

export class Refusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly errors: FieldError[],
  ) {
    super(`${kind}: ${errors.map((e) => `${e.field} ${e.code}`).join(", ")}`);
    this.name = "Refusal";
  }
}

/** The input names something that does not exist or is not allowed (a 400 on that field). */
export const invalid = (field: string, code = "errors.choice") =>
  new Refusal("invalid", [{ field, code }]);

/** The record named in the URL does not exist (a 404). */
export const notFound = () => new Refusal("not_found", []);

/**
 * The user may do this kind of thing but not here (a 403): e.g. a physician who is not the chair
 * of the meeting signing its decision. Role permissions are checked by the routes (auth.server.ts).
 */
export const forbiddenHere = (field: string, code: string) =>
  new Refusal("forbidden", [{ field, code }]);

/** The change clashes with the record as it is (a duplicate, a rule on the current state). */
export const conflict = (field: string, code: string) => new Refusal("conflict", [{ field, code }]);
