// Demo boards for the demo cases (issue 5 §5), written on the first start right after seedDemo:
// several lesions per case (spine and long bones) with score inputs, options and dated imaging
// assessments; Sarah Chevalier's case shows a dissociated response. Written through the
// collaboration store (db/collab.ts) as two stored states per board (the first look, then the
// pre-meeting work-up by another physician), so they load like any board and have a history.
// Every name, date and finding is invented.
import * as Y from "yjs";
import type { BoardLesionDraft, ImagingModality, LesionResponse } from "../app/domain/board/schema";
import { addAssessment, addLesion, proposeOption } from "../app/domain/board/ydoc";
import type { LocalTreatmentId } from "../app/domain/treatments";
import { firstCaseOfHospitalId } from "../db/cases";
import { createCollabStore } from "../db/collab";
import type { Db, Sqlite } from "../db/index";
import { findUserByEmail } from "../db/users";

type Author = "bernard" | "laurent" | "haddad" | "dubois";

const AUTHOR_EMAILS: Record<Author, string> = {
  bernard: "h.bernard@osteoboard.local",
  laurent: "s.laurent@osteoboard.local",
  haddad: "k.haddad@osteoboard.local",
  dubois: "coordination@osteoboard.local",
};

interface DemoOption {
  treatment: LocalTreatmentId;
  by: Author;
  status: "proposed" | "retained" | "rejected";
  note?: string;
}

interface DemoAssessment {
  date: string;
  modality: ImagingModality;
  response: LesionResponse;
  note?: string;
}

interface DemoLesion {
  /** Lesion fields (score inputs etc.); id, createdBy and createdAt are filled in. */
  lesion: Omit<BoardLesionDraft, "id" | "createdBy" | "createdAt">;
  assessments?: DemoAssessment[];
  options?: DemoOption[];
}

interface DemoBoard {
  hospitalId: string;
  /** First look (stage 1) by this author, then the work-up (stage 2: options) by the second. */
  authors: [Author, Author];
  lesions: DemoLesion[];
  discussion: string;
}

const BOARDS: DemoBoard[] = [
  {
    hospitalId: "DEMO-0001",
    authors: ["dubois", "bernard"],
    discussion:
      "Patiente active, marche avec une canne depuis 3 semaines. Anti-résorbeur à débuter après bilan bucco-dentaire.",
    lesions: [
      {
        lesion: {
          siteId: "femur.neck",
          side: "left",
          lesionType: "lytic",
          size_mm: 32,
          pain: { nrs: 7, character: "mechanical" },
          mirels: { pain: "functional", size: "moreThanTwoThirds" },
          cortical: { axialCorticalInvolvement_mm: 34, circumferentialCorticalInvolvement_pct: 55 },
          harrington: { corticalDestructionAtLeast50: true, lesionAtLeast25mmProximalFemur: true },
        },
        assessments: [
          { date: "2026-09-15", modality: "fdgPet", response: "new" },
          { date: "2026-11-10", modality: "ct", response: "progression" },
        ],
        options: [
          { treatment: "surgery.prophylacticNailing", by: "bernard", status: "proposed" },
          {
            treatment: "rt.postoperative",
            by: "haddad",
            status: "proposed",
            note: "8 Gy × 1 ou 20 Gy/5",
          },
        ],
      },
      {
        lesion: {
          siteId: "spine.L2",
          side: "midline",
          lesionType: "mixed",
          pain: { nrs: 3, character: "nonMechanical" },
          sins: {
            pain: "occasionalNonMechanical",
            alignment: "normal",
            collapse: "none",
            posterolateral: "none",
          },
          escc: "0",
        },
        assessments: [{ date: "2026-09-15", modality: "fdgPet", response: "new" }],
        options: [{ treatment: "observation", by: "laurent", status: "proposed" }],
      },
      {
        lesion: {
          siteId: "rib.6",
          side: "right",
          lesionType: "lytic",
          pain: { nrs: 2 },
        },
        assessments: [{ date: "2026-09-15", modality: "fdgPet", response: "new" }],
      },
    ],
  },
  {
    hospitalId: "DEMO-0002",
    authors: ["dubois", "laurent"],
    discussion:
      "Ostéocondensations stables depuis 18 mois. Pause du dénosumab : relais acide zolédronique à discuter.",
    lesions: [
      {
        lesion: {
          siteId: "spine.L4",
          side: "midline",
          lesionType: "blastic",
          pain: { nrs: 1 },
          escc: "0",
          sins: { pain: "painFree", alignment: "normal", collapse: "none", posterolateral: "none" },
        },
        assessments: [
          { date: "2025-11-04", modality: "boneScan", response: "stable" },
          { date: "2026-10-20", modality: "psmaPet", response: "stable" },
        ],
        options: [{ treatment: "observation", by: "laurent", status: "retained" }],
      },
      {
        lesion: { siteId: "pelvis.ilium", side: "right", lesionType: "blastic", pain: { nrs: 0 } },
        assessments: [
          { date: "2025-11-04", modality: "boneScan", response: "stable" },
          { date: "2026-10-20", modality: "psmaPet", response: "scleroticCondensation" },
        ],
      },
      {
        lesion: {
          siteId: "femur.diaphysis",
          side: "left",
          lesionType: "blastic",
          pain: { nrs: 2 },
          mirels: { pain: "mild", size: "lessThanOneThird" },
        },
        assessments: [{ date: "2026-10-20", modality: "psmaPet", response: "stable" }],
      },
    ],
  },
  {
    hospitalId: "DEMO-0003",
    authors: ["laurent", "bernard"],
    discussion:
      "EGFR muté sous osimertinib. IRM rachis entier du 12/11 : épidurite T11 sans compression.",
    lesions: [
      {
        lesion: {
          siteId: "spine.T11",
          side: "midline",
          lesionType: "lytic",
          size_mm: 28,
          pain: { nrs: 6, character: "mechanical" },
          sins: {
            pain: "mechanical",
            alignment: "normal",
            collapse: "under50",
            posterolateral: "unilateral",
          },
          escc: "1b",
          frankel: "E",
        },
        assessments: [
          { date: "2026-08-28", modality: "ct", response: "new" },
          { date: "2026-11-12", modality: "mri", response: "progression", note: "épidurite 1b" },
        ],
        options: [
          { treatment: "rt.stereotactic", by: "haddad", status: "proposed" },
          {
            treatment: "surgery.spinalStabilisation",
            by: "bernard",
            status: "proposed",
            note: "ostéosynthèse percutanée T10–T12",
          },
        ],
      },
      {
        lesion: {
          siteId: "spine.T7",
          side: "midline",
          lesionType: "lytic",
          pain: { nrs: 2 },
          escc: "0",
          sins: {
            pain: "occasionalNonMechanical",
            alignment: "normal",
            collapse: "none",
            posterolateral: "none",
          },
        },
        assessments: [{ date: "2026-11-12", modality: "mri", response: "stable" }],
      },
      {
        lesion: {
          siteId: "humerus.proximal",
          side: "right",
          lesionType: "mixed",
          pain: { nrs: 1 },
          mirels: { pain: "mild", size: "lessThanOneThird" },
        },
        assessments: [{ date: "2026-08-28", modality: "ct", response: "new" }],
      },
    ],
  },
  {
    hospitalId: "DEMO-0004",
    authors: ["dubois", "bernard"],
    discussion:
      "Rein à cellules claires, métastase hypervasculaire : embolisation préopératoire à J-1.",
    lesions: [
      {
        lesion: {
          siteId: "femur.diaphysis",
          side: "right",
          lesionType: "lytic",
          size_mm: 45,
          pain: { nrs: 6, character: "mechanical" },
          mirels: { pain: "functional", size: "oneThirdToTwoThirds" },
          cortical: { axialCorticalInvolvement_mm: 38 },
          fe: { failureLoad_N: 1900 },
        },
        assessments: [{ date: "2026-10-30", modality: "ct", response: "progression" }],
        options: [
          { treatment: "ir.embolisation", by: "bernard", status: "proposed" },
          { treatment: "surgery.prophylacticNailing", by: "bernard", status: "proposed" },
          {
            treatment: "rt.singleFraction8Gy",
            by: "haddad",
            status: "rejected",
            note: "insuffisant seul : risque fracturaire",
          },
        ],
      },
      {
        lesion: {
          siteId: "spine.L1",
          side: "midline",
          lesionType: "lytic",
          pain: { nrs: 3 },
          escc: "1a",
          sins: {
            pain: "occasionalNonMechanical",
            alignment: "normal",
            collapse: "none",
            posterolateral: "none",
          },
        },
        assessments: [{ date: "2026-10-30", modality: "ct", response: "stable" }],
        options: [{ treatment: "rt.stereotactic", by: "haddad", status: "proposed" }],
      },
    ],
  },
  {
    hospitalId: "DEMO-0005",
    authors: ["laurent", "bernard"],
    discussion: "Myélome IgG kappa. Clairance à 42 mL/min : acide zolédronique à dose adaptée.",
    lesions: [
      {
        lesion: {
          siteId: "spine.L1",
          side: "midline",
          lesionType: "lytic",
          pain: { nrs: 7, character: "mechanical" },
          sins: {
            pain: "mechanical",
            alignment: "normal",
            collapse: "under50",
            posterolateral: "none",
          },
          escc: "0",
        },
        assessments: [
          { date: "2026-10-02", modality: "mri", response: "progression", note: "tassement 30 %" },
        ],
        options: [{ treatment: "ir.kyphoplasty", by: "bernard", status: "retained" }],
      },
      {
        lesion: {
          siteId: "spine.L3",
          side: "midline",
          lesionType: "lytic",
          pain: { nrs: 5, character: "mechanical" },
          sins: {
            pain: "mechanical",
            alignment: "normal",
            collapse: "under50",
            posterolateral: "unilateral",
          },
          escc: "1a",
        },
        assessments: [{ date: "2026-10-02", modality: "mri", response: "progression" }],
        options: [{ treatment: "ir.kyphoplasty", by: "bernard", status: "proposed" }],
      },
      {
        lesion: { siteId: "skull", side: "midline", lesionType: "lytic", pain: { nrs: 0 } },
        assessments: [{ date: "2026-10-02", modality: "ct", response: "stable" }],
      },
    ],
  },
  {
    hospitalId: "DEMO-0006",
    authors: ["dubois", "haddad"],
    discussion: "Léiomyosarcome utérin. Deux lésions du bassin gauche, douleur à l'appui.",
    lesions: [
      {
        lesion: {
          siteId: "pelvis.ilium",
          side: "left",
          lesionType: "lytic",
          size_mm: 52,
          pain: { nrs: 6, character: "mechanical" },
        },
        assessments: [{ date: "2026-10-15", modality: "mri", response: "progression" }],
        options: [
          { treatment: "rt.stereotactic", by: "haddad", status: "proposed" },
          { treatment: "ir.cementoplasty", by: "bernard", status: "proposed" },
        ],
      },
      {
        lesion: {
          siteId: "pelvis.acetabulum",
          side: "left",
          lesionType: "lytic",
          size_mm: 24,
          pain: { nrs: 5, character: "mechanical" },
        },
        assessments: [{ date: "2026-10-15", modality: "mri", response: "new" }],
        options: [
          {
            treatment: "ir.cementoplasty",
            by: "bernard",
            status: "proposed",
            note: "sous contrôle scanner",
          },
        ],
      },
    ],
  },
  {
    hospitalId: "DEMO-0007",
    authors: ["laurent", "haddad"],
    discussion:
      "Triple négatif sous immunothérapie. Réponse dissociée au TEP de novembre : côtes en réponse, humérus droit en progression.",
    lesions: [
      {
        lesion: {
          siteId: "humerus.diaphysis",
          side: "right",
          lesionType: "lytic",
          size_mm: 38,
          pain: { nrs: 6, character: "mechanical" },
          mirels: { pain: "moderate", size: "oneThirdToTwoThirds" },
        },
        assessments: [
          { date: "2026-06-10", modality: "fdgPet", response: "new" },
          { date: "2026-08-26", modality: "fdgPet", response: "stable" },
          {
            date: "2026-11-05",
            modality: "fdgPet",
            response: "progression",
            note: "SUVmax 9,8 (6,1)",
          },
        ],
        options: [
          {
            treatment: "rt.multiFraction",
            by: "haddad",
            status: "proposed",
            note: "20 Gy/5, poursuite de l'immunothérapie",
          },
          { treatment: "surgery.prophylacticNailing", by: "bernard", status: "proposed" },
        ],
      },
      {
        lesion: { siteId: "rib.5", side: "left", lesionType: "lytic", pain: { nrs: 1 } },
        assessments: [
          { date: "2026-06-10", modality: "fdgPet", response: "new" },
          { date: "2026-08-26", modality: "fdgPet", response: "partialResponse" },
          { date: "2026-11-05", modality: "fdgPet", response: "completeResponse" },
        ],
      },
      {
        lesion: { siteId: "rib.8", side: "right", lesionType: "mixed", pain: { nrs: 0 } },
        assessments: [
          { date: "2026-06-10", modality: "fdgPet", response: "new" },
          { date: "2026-11-05", modality: "fdgPet", response: "scleroticCondensation" },
        ],
      },
      {
        lesion: {
          siteId: "spine.T9",
          side: "midline",
          lesionType: "mixed",
          pain: { nrs: 2 },
          escc: "0",
          sins: {
            pain: "occasionalNonMechanical",
            alignment: "normal",
            collapse: "none",
            posterolateral: "none",
          },
        },
        assessments: [
          { date: "2026-06-10", modality: "fdgPet", response: "new" },
          { date: "2026-11-05", modality: "fdgPet", response: "partialResponse" },
        ],
      },
    ],
  },
  {
    hospitalId: "DEMO-0008",
    authors: ["dubois", "haddad"],
    discussion: "Thyroïde différenciée réfractaire à l'iode 131. Douleur sacrée assise.",
    lesions: [
      {
        lesion: {
          siteId: "spine.S1",
          side: "midline",
          lesionType: "lytic",
          size_mm: 35,
          pain: { nrs: 5, character: "nonMechanical" },
          sins: {
            pain: "occasionalNonMechanical",
            alignment: "normal",
            collapse: "none",
            posterolateral: "unilateral",
          },
        },
        assessments: [{ date: "2026-09-22", modality: "ct", response: "progression" }],
        options: [
          { treatment: "ir.cryoablation", by: "bernard", status: "proposed" },
          { treatment: "rt.stereotactic", by: "haddad", status: "proposed" },
        ],
      },
      {
        lesion: {
          siteId: "femur.trochanteric",
          side: "right",
          lesionType: "lytic",
          pain: { nrs: 2 },
          mirels: { pain: "mild", size: "lessThanOneThird" },
        },
        assessments: [{ date: "2026-09-22", modality: "ct", response: "stable" }],
      },
    ],
  },
  {
    hospitalId: "DEMO-0009",
    authors: ["dubois", "bernard"],
    discussion: "Mélanome BRAF muté sous anti-PD1. Lésion humérale proximale gauche : Mirels à 8.",
    lesions: [
      {
        lesion: {
          siteId: "humerus.proximal",
          side: "left",
          lesionType: "lytic",
          size_mm: 30,
          pain: { nrs: 5, character: "mechanical" },
          mirels: { pain: "functional", size: "oneThirdToTwoThirds" },
        },
        assessments: [{ date: "2026-10-08", modality: "ct", response: "progression" }],
        options: [
          { treatment: "rt.multiFraction", by: "haddad", status: "proposed" },
          {
            treatment: "surgery.prophylacticNailing",
            by: "bernard",
            status: "proposed",
            note: "si douleur persistante",
          },
        ],
      },
      {
        lesion: {
          siteId: "spine.T4",
          side: "midline",
          lesionType: "lytic",
          pain: { nrs: 1 },
          escc: "0",
        },
        assessments: [{ date: "2026-10-08", modality: "ct", response: "new" }],
      },
    ],
  },
  {
    hospitalId: "DEMO-0010",
    authors: ["laurent", "bernard"],
    discussion:
      "Primitif inconnu : biopsie scanno-guidée de la lésion iliaque (la plus accessible).",
    lesions: [
      {
        lesion: {
          siteId: "spine.C5",
          side: "midline",
          lesionType: "lytic",
          size_mm: 18,
          pain: { nrs: 6, character: "mechanical" },
          sins: {
            pain: "mechanical",
            alignment: "normal",
            collapse: "under50",
            posterolateral: "unilateral",
          },
          escc: "1c",
          frankel: "E",
        },
        assessments: [{ date: "2026-11-03", modality: "mri", response: "new" }],
        options: [
          {
            treatment: "orthosis.protectedWeightBearing",
            by: "bernard",
            status: "retained",
            note: "minerve rigide en attendant",
          },
          { treatment: "surgery.spinalStabilisation", by: "bernard", status: "proposed" },
        ],
      },
      {
        lesion: {
          siteId: "pelvis.ilium",
          side: "right",
          lesionType: "mixed",
          size_mm: 40,
          pain: { nrs: 3 },
        },
        assessments: [{ date: "2026-11-03", modality: "ct", response: "new" }],
      },
      {
        lesion: { siteId: "rib.9", side: "left", lesionType: "lytic", pain: { nrs: 2 } },
        assessments: [{ date: "2026-11-03", modality: "ct", response: "new" }],
      },
    ],
  },
  {
    hospitalId: "DEMO-0011",
    authors: ["laurent", "bernard"],
    discussion:
      "Tumeur à cellules géantes du tibia proximal droit sous dénosumab depuis 6 mois : condensation périphérique.",
    lesions: [
      {
        lesion: {
          siteId: "tibia.proximal",
          side: "right",
          lesionType: "lytic",
          size_mm: 55,
          pain: { nrs: 3, character: "mechanical" },
          mirels: { pain: "moderate", size: "moreThanTwoThirds" },
        },
        assessments: [
          { date: "2026-04-14", modality: "mri", response: "new" },
          { date: "2026-07-20", modality: "ct", response: "partialResponse" },
          { date: "2026-10-27", modality: "ct", response: "scleroticCondensation" },
        ],
        options: [
          {
            treatment: "surgery.arthroplasty",
            by: "bernard",
            status: "rejected",
            note: "curetage-comblement préféré",
          },
          { treatment: "orthosis.protectedWeightBearing", by: "bernard", status: "retained" },
        ],
      },
    ],
  },
];

const DAY_MS = 86_400_000;

/**
 * Writes the demo boards if no board is stored yet (first start). Returns how many were written.
 * One transaction: a crash leaves either every demo board or none.
 */
export function seedDemoBoards(db: Db, sqlite: Sqlite, now: Date): number {
  const store = createCollabStore(sqlite);
  if (store.casesWithBoards().length > 0) return 0;
  const users = new Map<Author, number>();
  for (const [author, email] of Object.entries(AUTHOR_EMAILS) as [Author, string][]) {
    const id = findUserByEmail(db, email)?.id;
    if (id !== undefined) users.set(author, id);
  }
  const firstLook = new Date(now.getTime() - 6 * DAY_MS);
  const workUp = new Date(now.getTime() - 2 * DAY_MS);
  const write = sqlite.transaction(() => {
    let written = 0;
    for (const demo of BOARDS) {
      const caseId = firstCaseOfHospitalId(db, demo.hospitalId);
      const [a, b] = demo.authors;
      const first = users.get(a);
      const second = users.get(b);
      if (caseId === undefined || first === undefined || second === undefined) continue;
      writeBoard(store, caseId, demo, first, second, users, firstLook, workUp);
      written++;
    }
    return written;
  });
  return write();
}

function writeBoard(
  store: ReturnType<typeof createCollabStore>,
  caseId: number,
  demo: DemoBoard,
  first: number,
  second: number,
  users: ReadonlyMap<Author, number>,
  firstLook: Date,
  workUp: Date,
): void {
  const doc = new Y.Doc();
  const pending: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => pending.push(u));
  const flush = (userId: number, at: Date): number => {
    let last = 0;
    for (const u of pending.splice(0)) {
      last = store.appendUpdate(caseId, userId, u, at.toISOString());
    }
    return last;
  };

  // Stage 1: the coordinator or referring physician maps the lesions and their imaging.
  demo.lesions.forEach((d, i) => {
    const id = `demo-${caseId}-${i + 1}`;
    const createdAt = new Date(firstLook.getTime() + i * 60_000).toISOString();
    addLesion(doc, { ...d.lesion, id, createdBy: first, createdAt });
    for (const [k, asm] of (d.assessments ?? []).entries()) {
      addAssessment(doc, id, {
        id: `${id}-a${k + 1}`,
        imagingDate: asm.date,
        modality: asm.modality,
        response: asm.response,
        ...(asm.note ? { note: asm.note } : {}),
      });
    }
  });
  doc.getText("discussion").insert(0, demo.discussion);
  const stage1 = flush(first, firstLook);
  store.writeSnapshot(caseId, Y.encodeStateAsUpdate(doc), stage1, [first], firstLook.toISOString());

  // Stage 2: the work-up before the meeting: local-treatment options, each stored as sent by the
  // physician who proposed it.
  const editors = new Set<number>();
  let stage2 = 0;
  demo.lesions.forEach((d, i) => {
    const id = `demo-${caseId}-${i + 1}`;
    (d.options ?? []).forEach((o, k) => {
      const by = users.get(o.by) ?? second;
      editors.add(by);
      proposeOption(doc, id, {
        id: `${id}-o${k + 1}`,
        treatmentId: o.treatment,
        proposedBy: by,
        proposedAt: workUp.toISOString(),
        status: o.status,
        note: o.note ?? "",
      });
      stage2 = flush(by, workUp);
    });
  });
  if (stage2 > 0) {
    store.writeSnapshot(
      caseId,
      Y.encodeStateAsUpdate(doc),
      stage2,
      [...editors],
      workUp.toISOString(),
    );
  }
  doc.destroy();
}
