// The system of record (ARCHITECTURE.md §3). Portable column types only, so the schema can move
// to drizzle's pg dialect if the product outgrows one machine (§8).
import { sql } from "drizzle-orm";
import {
  blob,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

const createdAt = (name = "created_at") =>
  text(name).notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

/** Secrets generated on first start (session signing key...). Never in a .env file. */
export const appSecrets = sqliteTable("app_secrets", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  createdAt: createdAt(),
});

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["admin", "coordinator", "physician", "observer"] }).notNull(),
    specialty: text("specialty"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

/** Server-side sessions; the cookie carries only the random id, stored here as its SHA-256. */
export const sessions = sqliteTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** One RCP-OOS (tumour board): the word "board" alone means the live case board. */
export const rcps = sqliteTable("rcps", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  institution: text("institution").notNull(),
  // Board parameter for the FE trigger: failure load below N × body weight (issue 3 §4).
  feFailureLoadBodyWeights: real("fe_failure_load_body_weights").notNull().default(3),
  /** RcpCalendar (app/domain/meeting/calendar.ts), validated JSON; null until the admin sets it. */
  calendar: text("calendar", { mode: "json" }),
  /** RequiredSpecialty[] for the quorum (app/domain/meeting/quorum.ts), validated JSON. */
  requiredSpecialties: text("required_specialties", { mode: "json" }).notNull().default("[]"),
  createdAt: createdAt(),
});

export const rcpMembers = sqliteTable(
  "rcp_members",
  {
    rcpId: integer("rcp_id")
      .notNull()
      .references(() => rcps.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.rcpId, t.userId] })],
);

export const patients = sqliteTable(
  "patients",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    rcpId: integer("rcp_id")
      .notNull()
      .references(() => rcps.id),
    hospitalId: text("hospital_id").notNull(),
    lastName: text("last_name").notNull(),
    firstName: text("first_name").notNull(),
    birthDate: text("birth_date").notNull(),
    sex: text("sex", { enum: ["F", "M", "X"] }).notNull(),
    /** PrimaryCancer (app/domain/records/cancer.ts), validated JSON. */
    primaryCancer: text("primary_cancer", { mode: "json" }).notNull(),
    cancerDiagnosisDate: text("cancer_diagnosis_date"),
    boneMetastasisDiagnosisDate: text("bone_metastasis_diagnosis_date"),
    weightKg: real("weight_kg"),
    ecog: integer("ecog"),
    karnofsky: integer("karnofsky"),
    systemicTreatment: text("systemic_treatment").notNull().default("none"),
    systemicTreatmentDetail: text("systemic_treatment_detail"),
    creatinineClearanceMlMin: real("creatinine_clearance_ml_min"),
    creatinineClearanceDate: text("creatinine_clearance_date"),
    survivalBand: text("survival_band"),
    wishes: text("wishes"),
    /** Date of the dental check (same fact as the BTA start gate's), issue 11 §2. */
    dentalCheckDate: text("dental_check_date"),
    createdAt: createdAt(),
    updatedAt: createdAt("updated_at"),
  },
  (t) => [
    uniqueIndex("patients_rcp_hospital_id_unique").on(t.rcpId, t.hospitalId),
    index("patients_name_idx").on(t.lastName, t.firstName),
  ],
);

export const cases = sqliteTable(
  "cases",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    patientId: integer("patient_id")
      .notNull()
      .references(() => patients.id),
    question: text("question").notNull(),
    referringPhysician: text("referring_physician").notNull(),
    urgency: text("urgency", { enum: ["routine", "priority", "urgent"] }).notNull(),
    status: text("status", { enum: ["draft", "ready", "discussed", "closed"] }).notNull(),
    /** The question includes a bone-targeting agent; null = not stated yet (no default, issue 11 §2). */
    btaInQuestion: integer("bta_in_question", { mode: "boolean" }),
    /** Date of the imaging the board reviews. */
    imagingDate: text("imaging_date"),
    /** "Résumé du dossier" presented to the meeting (fiche RCP). */
    summary: text("summary"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: createdAt("updated_at"),
  },
  (t) => [index("cases_patient_idx").on(t.patientId), index("cases_status_idx").on(t.status)],
);

/** Every change to the record, written in the same transaction as the change. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: createdAt(),
    userId: integer("user_id").references(() => users.id),
    entity: text("entity").notNull(),
    entityId: text("entity_id").notNull(),
    action: text("action").notNull(),
    before: text("before", { mode: "json" }),
    after: text("after", { mode: "json" }),
  },
  (t) => [index("audit_entity_idx").on(t.entity, t.entityId), index("audit_at_idx").on(t.at)],
);

// ---- Live lesion maps (Yjs), one per patient (decision 072), ARCHITECTURE.md §3 ----

/**
 * Append-only Yjs updates of a patient's lesion map, written before they are broadcast. case_id is
 * the case whose board page sent the update (null for server-written updates such as the
 * migration's); before migration 0002 it was the case of a per-case board.
 */
export const boardUpdates = sqliteTable(
  "board_updates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    patientId: integer("patient_id")
      .notNull()
      .references(() => patients.id),
    caseId: integer("case_id").references(() => cases.id),
    update: blob("update", { mode: "buffer" }).notNull(),
    userId: integer("user_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("board_updates_patient_idx").on(t.patientId, t.id)],
);

/**
 * Compacted map states: the latest patient snapshot (legacy_case_id null) is the load base; older
 * ones are the history. legacy_case_id: a snapshot of a per-case board written before migration
 * 0002 (its state holds that case's board only); kept for the history, never loaded.
 */
export const boardSnapshots = sqliteTable(
  "board_snapshots",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    patientId: integer("patient_id")
      .notNull()
      .references(() => patients.id),
    legacyCaseId: integer("legacy_case_id").references(() => cases.id),
    state: blob("state", { mode: "buffer" }).notNull(),
    /** Highest board_updates.id folded into this snapshot. */
    lastUpdateId: integer("last_update_id").notNull(),
    /** Users whose updates were folded in since the previous snapshot (JSON array of ids). */
    editors: text("editors", { mode: "json" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("board_snapshots_patient_idx").on(t.patientId, t.id)],
);

/** Read model of the lesion maps for worklists: derived, rebuildable from the stored maps. */
export const boardLesions = sqliteTable(
  "board_lesions",
  {
    patientId: integer("patient_id")
      .notNull()
      .references(() => patients.id),
    lesionId: text("lesion_id").notNull(),
    siteId: text("site_id").notNull(),
    side: text("side"),
    lesionType: text("lesion_type"),
    fractureRisk: text("fracture_risk").notNull(),
    neuroRisk: text("neuro_risk").notNull(),
    painLevel: text("pain_level").notNull(),
    worstRisk: text("worst_risk").notNull(),
    /** Computed totals and flags (JSON), from app/domain. */
    scores: text("scores", { mode: "json" }).notNull(),
    /**
     * The engine proposes an operation (scores.surgicalFlags not empty) and its sort key (larger =
     * more urgent), copied out of the JSON by the projection so an index can serve the surgeon's
     * filtered, sorted page and its count (decision 120).
     */
    surgical: integer("surgical", { mode: "boolean" }).notNull().default(false),
    sortKey: real("sort_key").notNull().default(0),
    updatedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.patientId, t.lesionId] }),
    // The surgeon's page: flagged lesions riskiest first, ties by patient and lesion (decision 120).
    index("board_lesions_surgical_sort_idx").on(
      t.surgical,
      sql`${t.sortKey} DESC`,
      t.patientId,
      t.lesionId,
    ),
  ],
);

/**
 * How far board_lesions is current for each patient (decision 118): the newest snapshot and update
 * ids of the stored map and the risk context key it was projected with, written in the same
 * transaction as the rows. A patient whose stored map or context moved on is re-projected on read.
 */
export const boardProjections = sqliteTable("board_projections", {
  patientId: integer("patient_id")
    .primaryKey()
    .references(() => patients.id),
  throughSnapshotId: integer("through_snapshot_id").notNull(),
  throughUpdateId: integer("through_update_id").notNull(),
  contextKey: text("context_key").notNull(),
  projectedAt: text("projected_at").notNull(),
});

/**
 * Patients whose per-case boards (before migration 0002) must be merged into one lesion map:
 * migration 0002 writes one pending row (merged_at null) per patient with a stored board; the data
 * step (server/collab/merge-boards.ts) merges each in one transaction and sets merged_at, so it runs
 * once per patient and never touches a map created after the migration.
 */
export const boardMerges = sqliteTable("board_merges", {
  patientId: integer("patient_id")
    .primaryKey()
    .references(() => patients.id),
  mergedAt: text("merged_at"),
  /** JSON: what the merge did (cases, lesions, re-keyed lesion ids); null while pending. */
  report: text("report", { mode: "json" }),
});

// ---- Bone-targeting agents (issue 12 §1, decision 100) ----

/**
 * Append-only BTA events of a patient (never updated, never deleted). The sequence's state is not
 * stored: it is replayed by the engine's state machine (app/domain/bta/sequence.ts) from these rows.
 * Columns hold the engine's event fields; those that do not apply to a kind are null.
 * decision_version_id: the signed decision that agreed the event; nullable and without a foreign
 * key because the decisions table does not exist yet (issue 11 adds it; a later migration can add
 * the reference).
 */
export const btaEvents = sqliteTable(
  "bta_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    patientId: integer("patient_id")
      .notNull()
      .references(() => patients.id),
    kind: text("kind", {
      enum: ["initiate", "dose_given", "pause", "resume", "switch", "stop"],
    }).notNull(),
    date: text("date").notNull(),
    /** BtaAgent (app/domain/bta/agents.ts): initiate, switch; the regimen's agent on a dose. */
    agent: text("agent", { enum: ["zoledronicAcid", "denosumab"] }),
    /** The dose the engine set for the regimen (SmPC renal band or 120 mg), on initiate/switch/dose. */
    doseMg: real("dose_mg"),
    intervalWeeks: integer("interval_weeks"),
    pauseReason: text("pause_reason", {
      enum: [
        "dentalProcedure",
        "osteonecrosisOfJaw",
        "renalDeterioration",
        "hypocalcaemia",
        "patientChoice",
        "endOfLife",
        "other",
      ],
    }),
    pauseReasonOther: text("pause_reason_other"),
    dentalCheckDate: text("dental_check_date"),
    calciumVitaminDPlan: integer("calcium_vitamin_d_plan", { mode: "boolean" }),
    baselineCalciumMmolL: real("baseline_calcium_mmol_l"),
    /** Cockcroft–Gault clearance measured on the event's date (initiate, switch). */
    creatinineClearanceMlMin: real("creatinine_clearance_ml_min"),
    baselineCreatinineUmolL: real("baseline_creatinine_umol_l"),
    /** Serum creatinine checked before a zoledronic-acid dose or resume (SmPC). */
    creatinineUmolL: real("creatinine_umol_l"),
    recordedBy: integer("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAt: createdAt("recorded_at"),
    decisionVersionId: integer("decision_version_id"),
  },
  (t) => [
    index("bta_events_patient_idx").on(t.patientId, t.date, t.id),
    // Each patient's first dose for the centre's figures, from the index alone (decision 109).
    index("bta_events_patient_kind_date_idx").on(t.patientId, t.kind, t.date),
  ],
);

// ---- Meetings and signed decisions (issue 11, docs/meetings.md) ----

/** One meeting (séance) of an RCP: planned → open → closed (app/domain/meeting/agenda.ts). */
export const meetings = sqliteTable(
  "meetings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    rcpId: integer("rcp_id")
      .notNull()
      .references(() => rcps.id),
    /** Local wall-clock date and time in the clinic's zone (decision 090). */
    date: text("date").notNull(),
    time: text("time").notNull(),
    place: text("place").notNull(),
    videoLink: text("video_link"),
    status: text("status", { enum: ["planned", "open", "closed"] }).notNull(),
    /** The physician who chairs the meeting: the only one who signs its decisions. */
    chairUserId: integer("chair_user_id").references(() => users.id),
    openedAt: text("opened_at"),
    closedAt: text("closed_at"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: createdAt("updated_at"),
  },
  (t) => [uniqueIndex("meetings_rcp_date_time_unique").on(t.rcpId, t.date, t.time)],
);

/** A case on a meeting's agenda, in order; a postponed case keeps its row and its history. */
export const agendaItems = sqliteTable(
  "agenda_items",
  {
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id),
    position: integer("position").notNull(),
    late: integer("late", { mode: "boolean" }).notNull(),
    outcome: text("outcome", { enum: ["pending", "decided", "postponed"] }).notNull(),
    /** AgendaEvent[] (app/domain/meeting/agenda.ts), validated JSON. */
    history: text("history", { mode: "json" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.caseId] }),
    index("agenda_items_case_idx").on(t.caseId),
  ],
);

/** The attendance sheet: a member (account) or a guest (name and specialty), and the presence. */
export const meetingAttendees = sqliteTable(
  "meeting_attendees",
  {
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id),
    /** `member:<userId>` or `guest:<id>`: one row per person per meeting. */
    attendeeKey: text("attendee_key").notNull(),
    userId: integer("user_id").references(() => users.id),
    name: text("name").notNull(),
    physician: integer("physician", { mode: "boolean" }).notNull(),
    specialty: text("specialty"),
    presence: text("presence", { enum: ["onSite", "remote", "absent"] }).notNull(),
    updatedBy: integer("updated_by").references(() => users.id),
    updatedAt: createdAt("updated_at"),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.attendeeKey] })],
);

/**
 * The meeting's live document (current case, per-case timers: issue 11 §4), a compacted Yjs state.
 * Working state of the room, not the record: the record is the agenda and the signed versions.
 */
export const meetingLive = sqliteTable("meeting_live", {
  meetingId: integer("meeting_id")
    .primaryKey()
    .references(() => meetings.id),
  state: blob("state", { mode: "buffer" }).notNull(),
  updatedAt: createdAt("updated_at"),
});

/**
 * Signed decision versions (ARCHITECTURE.md §3, decision 093): never updated, never deleted
 * (triggers). `body` is the whole DecisionVersion (decision, attendance, quorum stamp, lesion
 * table, signer); `board_state` the patient's Yjs board state at signing, named by its SHA-256.
 * (case_id, version) is unique: of two people signing at once, one wins, the other gets a 409.
 */
export const decisionVersions = sqliteTable(
  "decision_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id),
    patientId: integer("patient_id")
      .notNull()
      .references(() => patients.id),
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id),
    version: integer("version").notNull(),
    body: text("body", { mode: "json" }).notNull(),
    boardState: blob("board_state", { mode: "buffer" }).notNull(),
    boardSha256: text("board_sha256").notNull(),
    quorumMet: integer("quorum_met", { mode: "boolean" }).notNull(),
    correctionReason: text("correction_reason"),
    signedBy: integer("signed_by")
      .notNull()
      .references(() => users.id),
    signedAt: text("signed_at").notNull(),
  },
  (t) => [
    uniqueIndex("decision_versions_case_version_unique").on(t.caseId, t.version),
    index("decision_versions_patient_idx").on(t.patientId),
    index("decision_versions_meeting_idx").on(t.meetingId),
    // The version in force and its quorum without reading the body and board blobs (decision 109).
    index("decision_versions_in_force_idx").on(
      t.caseId,
      t.version,
      t.patientId,
      t.quorumMet,
      t.signedAt,
    ),
  ],
);

/** A fiche RCP sent to the patient's file (coordinator's worklist: fiches not yet sent). */
export const ficheDispatches = sqliteTable(
  "fiche_dispatches",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    decisionVersionId: integer("decision_version_id")
      .notNull()
      .references(() => decisionVersions.id),
    sentBy: integer("sent_by")
      .notNull()
      .references(() => users.id),
    sentAt: createdAt("sent_at"),
  },
  (t) => [index("fiche_dispatches_version_idx").on(t.decisionVersionId)],
);

// ---- Follow-through of signed decisions (issue 12 §2–3) ----

/** A local action of a signed decision: planned → scheduled → done, or cancelled with a reason. */
export const planItems = sqliteTable(
  "plan_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    decisionVersionId: integer("decision_version_id")
      .notNull()
      .references(() => decisionVersions.id),
    patientId: integer("patient_id")
      .notNull()
      .references(() => patients.id),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id),
    lesionId: text("lesion_id").notNull(),
    /** LocalTreatmentId (app/domain/treatments/catalogue.ts). */
    action: text("action").notNull(),
    responsibleSpecialty: text("responsible_specialty").notNull(),
    targetDate: text("target_date"),
    state: text("state", { enum: ["planned", "scheduled", "done", "cancelled"] }).notNull(),
    scheduledDate: text("scheduled_date"),
    doneDate: text("done_date"),
    cancelReason: text("cancel_reason"),
    createdAt: createdAt(),
    updatedAt: createdAt("updated_at"),
  },
  (t) => [
    index("plan_items_patient_idx").on(t.patientId),
    index("plan_items_state_idx").on(t.state, t.targetDate),
  ],
);

/** A skeletal event on a lesion, planned (from a plan item) or in emergency (issue 12 §3). */
export const skeletalEvents = sqliteTable(
  "skeletal_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    patientId: integer("patient_id")
      .notNull()
      .references(() => patients.id),
    lesionId: text("lesion_id"),
    kind: text("kind", {
      enum: [
        "pathologicalFracture",
        "spinalCordCompression",
        "radiotherapyToBone",
        "surgeryToBone",
        "hypercalcaemia",
      ],
    }).notNull(),
    date: text("date").notNull(),
    planned: integer("planned", { mode: "boolean" }).notNull(),
    planItemId: integer("plan_item_id").references(() => planItems.id),
    note: text("note"),
    recordedBy: integer("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAt: createdAt("recorded_at"),
  },
  (t) => [index("skeletal_events_patient_idx").on(t.patientId, t.date)],
);

/**
 * The BTA act a signed decision's systemic part asks for (issue 12 §1, decision 106): open until
 * the matching BTA event is recorded (closed, with that event's id) or a correction of the
 * decision supersedes it (cancelled). Not a plan item: it is the patient's, on no lesion.
 */
export const btaPlanned = sqliteTable(
  "bta_planned",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    patientId: integer("patient_id")
      .notNull()
      .references(() => patients.id),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id),
    decisionVersionId: integer("decision_version_id")
      .notNull()
      .references(() => decisionVersions.id),
    /** The BTA event kind that closes it (bta_events.kind). */
    kind: text("kind", { enum: ["initiate", "dose_given", "resume", "switch"] }).notNull(),
    /** The agent the decision named (initiate, switch), else null. */
    agent: text("agent", { enum: ["zoledronicAcid", "denosumab"] }),
    state: text("state", { enum: ["open", "done", "cancelled"] }).notNull(),
    btaEventId: integer("bta_event_id").references(() => btaEvents.id),
    cancelReason: text("cancel_reason"),
    createdAt: createdAt(),
    updatedAt: createdAt("updated_at"),
  },
  (t) => [index("bta_planned_patient_idx").on(t.patientId, t.state)],
);

// ---- CT volumes and FE analyses (issue 13 §1 and §6, decisions 083 and 084) ----

/**
 * A CT volume imported for a patient (DICOM series or NRRD), stored as a canonical NRRD in the
 * data folder (`file`, relative to it). What the header says of the study and series, never the
 * patient's name or id from it: the user matched the upload to the patient (decision 083).
 * study_uid, series_uid and modality are null for a NRRD upload, which carries none of them.
 */
export const ctSeries = sqliteTable(
  "ct_series",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    patientId: integer("patient_id")
      .notNull()
      .references(() => patients.id),
    studyUid: text("study_uid"),
    seriesUid: text("series_uid"),
    modality: text("modality"),
    /** [x, y, z] voxel size in mm. */
    spacing: text("spacing", { mode: "json" }).$type<[number, number, number]>().notNull(),
    /** [nx, ny, nz] voxels. */
    size: text("size", { mode: "json" }).$type<[number, number, number]>().notNull(),
    /** SHA-256 (hex) of the HU voxels as little-endian float32 (server/fe/dicom.ts ctSha256). */
    sha256: text("sha256").notNull(),
    acquisitionDate: text("acquisition_date"),
    /** Path of the NRRD relative to the data folder: ct/<uuid>.nrrd. */
    file: text("file").notNull(),
    uploadedBy: integer("uploaded_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("ct_series_patient_idx").on(t.patientId, t.id)],
);

/**
 * An FE analysis (issue 13 §6, decision 084): a row so that a job survives a restart; the worker
 * pool that runs them comes later. lesion_id is the board lesion's id (a string in the Yjs map).
 */
export const feJobs = sqliteTable(
  "fe_jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    patientId: integer("patient_id")
      .notNull()
      .references(() => patients.id),
    lesionId: text("lesion_id"),
    ctSeriesId: integer("ct_series_id")
      .notNull()
      .references(() => ctSeries.id),
    status: text("status", {
      enum: ["queued", "running", "done", "failed", "cancelled"],
    }).notNull(),
    /** The pipeline's stage (server/fe/pipeline.ts onProgress), while running. */
    stage: text("stage"),
    /** 0–1. */
    progress: real("progress").notNull().default(0),
    params: text("params", { mode: "json" }).notNull(),
    result: text("result", { mode: "json" }),
    error: text("error"),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    startedAt: text("started_at"),
    finishedAt: text("finished_at"),
  },
  (t) => [
    index("fe_jobs_status_idx").on(t.status, t.id),
    index("fe_jobs_patient_idx").on(t.patientId, t.id),
  ],
);
