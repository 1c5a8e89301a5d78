// Loading a record named in the URL: a malformed or unknown id answers 404.
import { json } from "@remix-run/node";
import type { AppContext } from "./load-context";
import { findCase, findPatient, getFeJob, Refusal } from "./usecases.server";

function idParam(raw: string | undefined): number {
  const id = Number(raw);
  if (!raw || !/^\d{1,12}$/.test(raw) || !Number.isSafeInteger(id))
    throw json({ error: "not_found" }, { status: 404 });
  return id;
}

export function loadPatient(ctx: AppContext, raw: string | undefined) {
  const patient = findPatient(ctx, idParam(raw));
  if (!patient) throw json({ error: "not_found" }, { status: 404 });
  return patient;
}

export function loadCase(ctx: AppContext, raw: string | undefined) {
  const found = findCase(ctx, idParam(raw));
  if (!found) throw json({ error: "not_found" }, { status: 404 });
  return found;
}

/** An FE job of the patient named in the URL, or 404 (a job of another patient is not disclosed). */
export function loadFeJob(ctx: AppContext, patientId: number, raw: string | undefined) {
  const id = idParam(raw);
  try {
    return getFeJob(ctx, patientId, id);
  } catch (error) {
    if (error instanceof Refusal) throw json({ error: "not_found" }, { status: 404 });
    throw error;
  }
}
