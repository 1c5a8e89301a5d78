// CT volumes of a patient (issue 13 §1, decision 083): import an upload (DICOM series or NRRD)
// into the data folder as a canonical NRRD plus one ct_series row and its audit row. The user
// matched the upload to the patient (the id comes from the URL); the header's patient identity is
// never read into the database.
import { randomUUID } from "node:crypto";
import { mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import type { ProposedAxis } from "../../app/domain/fe/axisTilt";
import { boxOutsideVolume, type RegionBox } from "../../app/domain/fe/regionBox";
import { writeAudit } from "../../db/audit";
import { type CtSeriesRow, getCtSeries, insertCtSeries, listCtSeries } from "../../db/ctSeries";
import { getPatient } from "../../db/patients";
import { proposedAxis } from "../fe/axis";
import type { Site } from "../fe/calibration";
import { CtImportError, readCtUpload, type UploadedFile } from "../fe/ctImport";
import { type CtSliceAxis, ctSlicePng, sliceCount } from "../fe/ctSlice";
import { type CtVolume, readCtVolume, writeCtVolume } from "../fe/ctVolume";
import type { AppContext } from "./context";
import { notFound, Refusal } from "./refusal";

export type { CtSeriesRow, UploadedFile };

/**
 * Reads the uploaded files, writes the volume under ct/<uuid>.nrrd in the data folder and records
 * it. A malformed upload is a Refusal (400) naming the field with the reader's French and English
 * words; nothing is stored: the NRRD is written to a temporary name and renamed inside the
 * transaction, and removed if anything fails.
 */
export async function importCtSeries(
  ctx: AppContext,
  actorId: number,
  patientId: number,
  files: readonly UploadedFile[],
): Promise<CtSeriesRow> {
  if (!getPatient(ctx.db, patientId)) throw notFound();
  let imported: Awaited<ReturnType<typeof readCtUpload>>;
  try {
    imported = await readCtUpload(files);
  } catch (error) {
    if (!(error instanceof CtImportError)) throw error;
    throw new Refusal("invalid", [
      { field: error.field, code: "errors.ct_import", reason: { fr: error.fr, en: error.en } },
    ]);
  }
  const file = `ct/${randomUUID()}.nrrd`;
  const target = path.join(ctx.dataDir, file);
  const partial = `${target}.part`;
  mkdirSync(path.dirname(target), { recursive: true });
  try {
    writeCtVolume(partial, imported.volume);
    return ctx.db.transaction((tx) => {
      // The patient is read again inside the transaction: it must still exist when the row lands.
      if (!getPatient(tx, patientId)) throw notFound();
      const m = imported.metadata;
      const row = insertCtSeries(tx, {
        patientId,
        studyUid: m.studyUid,
        seriesUid: m.seriesUid,
        modality: m.modality,
        spacing: m.spacing,
        size: m.size,
        sha256: m.sha256,
        acquisitionDate: m.acquisitionDate,
        file,
        uploadedBy: actorId,
        createdAt: ctx.now().toISOString(),
      });
      writeAudit(tx, {
        userId: actorId,
        entity: "patient",
        entityId: patientId,
        action: "ct.import",
        after: { ctSeriesId: row.id, seriesUid: row.seriesUid, sha256: row.sha256, file },
      });
      // Last step of the transaction: if the rename fails, the row is rolled back with it.
      renameSync(partial, target);
      return row;
    });
  } catch (error) {
    rmSync(partial, { force: true });
    rmSync(target, { force: true });
    throw error;
  }
}

/** A patient's CT volumes, the latest first. */
export function ctSeriesOf(ctx: AppContext, patientId: number): CtSeriesRow[] {
  return listCtSeries(ctx.db, patientId);
}

/** The NRRD of a CT series, relative to the data folder (the FE job runner reads it). */
export function getCtSeriesFile(ctx: AppContext, ctSeriesId: number): string {
  const row = getCtSeries(ctx.db, ctSeriesId);
  if (!row) throw notFound();
  return row.file;
}

/**
 * The last volume a slice was cut from: a user moving a slider asks for many slices of one series
 * in a row, and reading the NRRD again for each would cost a whole volume read per image. One
 * entry only, so memory stays at one CT (decision 088).
 */
let lastSliced: { file: string; ct: CtVolume } | undefined;

/** The series' volume if it is this patient's (else not found), through the one-entry cache. */
function patientVolume(ctx: AppContext, patientId: number, ctSeriesId: number): CtVolume {
  const row = getCtSeries(ctx.db, ctSeriesId);
  if (!row || row.patientId !== patientId) throw notFound();
  const file = path.join(ctx.dataDir, row.file);
  const ct = lastSliced?.file === file ? lastSliced.ct : readCtVolume(file);
  lastSliced = { file, ct };
  return ct;
}

/**
 * The analysis axis the pipeline would propose for one of the patient's CT series (decision 127,
 * server/fe/axis.ts): read-only, no audit row (nothing changes). A box outside the series, or a
 * region without bone above the site's threshold, is a Refusal naming `region`.
 */
export function ctProposedAxis(
  ctx: AppContext,
  patientId: number,
  ctSeriesId: number,
  site: Site,
  region?: RegionBox,
): ProposedAxis {
  const ct = patientVolume(ctx, patientId, ctSeriesId);
  if (region) {
    const outside = boxOutsideVolume(region, [ct.nx, ct.ny, ct.nz], ct.spacing);
    if (outside.length > 0) {
      throw new Refusal(
        "invalid",
        outside.map((issue) => ({
          field: "region",
          code: "errors.fe_params",
          reason: { fr: `paramètre refusé : ${issue.message}`, en: issue.message },
        })),
      );
    }
  }
  try {
    return proposedAxis(ct, site, region);
  } catch (error) {
    // region.ts principalFrame: an empty segmentation has no axes.
    if (!(error instanceof Error) || !error.message.startsWith("no bone found")) throw error;
    throw new Refusal("invalid", [{ field: "region", code: "errors.fe_axis_no_bone" }]);
  }
}

/**
 * One slice of one of the patient's CT series as a PNG in the bone window (server/fe/ctSlice.ts).
 * A series of another patient is not disclosed
 * (not found); an index beyond the series is a Refusal naming `index` with the valid range.
 */
export function ctSliceImage(
  ctx: AppContext,
  patientId: number,
  ctSeriesId: number,
  axis: CtSliceAxis,
  index: number,
): Buffer {
  const ct = patientVolume(ctx, patientId, ctSeriesId);
  const count = sliceCount(ct, axis);
  if (index >= count) {
    const range = `0..${count - 1}`;
    throw new Refusal("invalid", [
      {
        field: "index",
        code: "errors.ct_slice_index",
        reason: {
          fr: `coupe hors de la série : de 0 à ${count - 1}`,
          en: `slice outside the series: ${range}`,
        },
      },
    ]);
  }
  return ctSlicePng(ct, axis, index);
}
