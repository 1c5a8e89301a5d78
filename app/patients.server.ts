// Parsing and writing a patient form for create and edit: one place, so both routes refuse the
// same input.
import { redirect } from "@remix-run/node";
import type { CurrentUser } from "./auth.server";
import {
  makePatientInputSchema,
  type PatientInput,
  patientFormToInput,
} from "./domain/records/patient";
import { canSeeRcp } from "./domain/records/permissions";
import { attempt, badRequest, formObject, parseOr400 } from "./forms.server";
import type { AppContext } from "./load-context";
import { listVisibleRcps, todayOf } from "./usecases.server";

export type ParsedPatient =
  | { ok: true; data: PatientInput; rcpId: number; values: Record<string, string> }
  | { ok: false; response: ReturnType<typeof badRequest> };

export async function parsePatientForm(
  request: Request,
  ctx: AppContext,
  user: CurrentUser,
  fixedRcpId?: number,
): Promise<ParsedPatient> {
  const values = await formObject(request);
  const rcps = listVisibleRcps(ctx, user.role === "admin" ? null : user.rcpIds);
  let rcpId = fixedRcpId;
  if (rcpId === undefined) {
    const requested = values.rcpId
      ? Number(values.rcpId)
      : rcps.length === 1
        ? rcps[0]?.id
        : undefined;
    if (requested === undefined || !Number.isInteger(requested) || !canSeeRcp(user, requested)) {
      return {
        ok: false,
        response: badRequest(request, [{ field: "rcpId", code: "errors.choice" }], values),
      };
    }
    rcpId = requested;
  }
  const parsed = parseOr400(
    request,
    makePatientInputSchema(todayOf(ctx)),
    patientFormToInput(values),
    values,
  );
  if (!parsed.ok) return parsed;
  return { ok: true, data: parsed.data, rcpId, values };
}

/** Runs a patient write and redirects to the patient; a refusal (duplicate hospital id) is a 400. */
export async function writePatientThenRedirect(
  request: Request,
  values: Record<string, string>,
  write: () => { id: number },
) {
  const result = await attempt(request, values, write);
  return result.ok ? redirect(`/patients/${result.value.id}`) : result.response;
}
