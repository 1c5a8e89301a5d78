// Parsing and writing a patient form for create and edit: one place, so both routes refuse the
// same input.
import { json, redirect } from "@remix-run/node";

import type { CurrentUser } from "./auth.server";
import { DuplicateHospitalIdError, listBoards } from "./db.server";
import { badRequest, formObject, parseOr400, todayOf } from "./forms.server";
import type { AppContext } from "./load-context";
import { type PatientInput, patientFormToInput, patientInputSchema } from "./domain/records/patient";
import { canSeeBoard } from "./domain/records/permissions";

export type ParsedPatient =
  | { ok: true; data: PatientInput; boardId: number; values: Record<string, string> }
  | { ok: false; response: ReturnType<typeof badRequest> };

export async function parsePatientForm(
  request: Request,
  ctx: AppContext,
  user: CurrentUser,
  fixedBoardId?: number,
): Promise<ParsedPatient> {
  const values = await formObject(request);
  const boards = listBoards(ctx.db, user.role === "admin" ? null : user.boardIds);
  let boardId = fixedBoardId;
  if (boardId === undefined) {
    const requested = values.boardId
      ? Number(values.boardId)
      : boards.length === 1
        ? boards[0]?.id
        : undefined;
    if (requested === undefined || !Number.isInteger(requested) || !canSeeBoard(user, requested)) {
      return {
        ok: false,
        response: badRequest(request, [{ field: "boardId", code: "errors.choice" }], values),
      };
    }
    boardId = requested;
  }
  const parsed = parseOr400(
    request,
    patientInputSchema(todayOf(ctx.now())),
    patientFormToInput(values),
    values,
  );
  if (!parsed.ok) return parsed;
  return { ok: true, data: parsed.data, boardId, values };
}

/**
 * Runs a patient write and redirects to the patient; a hospital id already used on the board
 * becomes a 400 on that field (the write's transaction has rolled back: nothing changed).
 */
export function writePatientThenRedirect(
  request: Request,
  values: Record<string, string>,
  write: () => { id: number } | undefined,
) {
  try {
    const patient = write();
    if (!patient) throw json({ error: "not_found" }, { status: 404 });
    return redirect(`/patients/${patient.id}`);
  } catch (e) {
    if (e instanceof DuplicateHospitalIdError)
      return badRequest(
        request,
        [{ field: "hospitalId", code: "errors.duplicate_hospital_id" }],
        values,
      );
    throw e;
  }
}
