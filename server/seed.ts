// Demo board seeded on the first start (issue 2): one user per role and fictional patients with
// realistic bone-metastasis histories. Every name and identifier here is invented.
import type { CaseInput } from "../app/domain/records/case";
import type { PatientInput } from "../app/domain/records/patient";
import { boards } from "../db/schema";
import { countUsers } from "../db/users";
import { hashPassword } from "./auth/password";
import { createCase } from "./usecases/cases";
import type { AppContext } from "./usecases/context";
import { createPatient } from "./usecases/patients";
import { createUserWithHash } from "./usecases/users";

/** Printed in README.md: demo accounts only, for a local demonstration database. */
export const DEMO_USERS = [
  {
    email: "admin@osteoboard.local",
    password: "admin-demo-2026",
    displayName: "Alice Martin",
    role: "admin",
    specialty: null,
  },
  {
    email: "coordination@osteoboard.local",
    password: "coord-demo-2026",
    displayName: "Claire Dubois",
    role: "coordinator",
    specialty: null,
  },
  {
    email: "h.bernard@osteoboard.local",
    password: "medecin-demo-2026",
    displayName: "Dr Hugo Bernard",
    role: "physician",
    specialty: "orthopaedic_surgery",
  },
  {
    email: "s.laurent@osteoboard.local",
    password: "medecin-demo-2026",
    displayName: "Dr Sophie Laurent",
    role: "physician",
    specialty: "rheumatology",
  },
  {
    email: "k.haddad@osteoboard.local",
    password: "medecin-demo-2026",
    displayName: "Dr Karim Haddad",
    role: "physician",
    specialty: "radiation_oncology",
  },
  {
    email: "observateur@osteoboard.local",
    password: "observ-demo-2026",
    displayName: "Julie Petit",
    role: "observer",
    specialty: null,
  },
] as const;

type DemoPatient = { patient: PatientInput; case: CaseInput };

const base = { systemicTreatmentDetail: undefined, wishes: undefined } as const;

export const DEMO_PATIENTS: DemoPatient[] = [
  {
    patient: {
      ...base,
      hospitalId: "DEMO-0001",
      lastName: "Moreau",
      firstName: "Isabelle",
      birthDate: "1963-04-12",
      sex: "F",
      primaryCancer: { type: "breast", hormoneReceptor: "positive", her2: "negative" },
      cancerDiagnosisDate: "2019-03-02",
      boneMetastasisDiagnosisDate: "2025-09-15",
      weightKg: 64,
      ecog: 1,
      karnofsky: 80,
      systemicTreatment: "cdk46_inhibitor",
      systemicTreatmentDetail: "palbociclib + létrozole",
      creatinineClearanceMlMin: 78,
      creatinineClearanceDate: "2026-10-30",
      survivalBand: "gt_2y",
      wishes: "Souhaite garder son autonomie pour garder ses petits-enfants.",
    },
    case: {
      question:
        "Lésion lytique du col fémoral gauche douloureuse à la marche : ostéosynthèse préventive ? Anti-résorbeur non débuté.",
      referringPhysician: "Dr Anne Leroy (oncologie)",
      urgency: "priority",
      status: "ready",
    },
  },
  {
    patient: {
      ...base,
      hospitalId: "DEMO-0002",
      lastName: "Garnier",
      firstName: "Michel",
      birthDate: "1955-11-03",
      sex: "M",
      primaryCancer: { type: "prostate", castration: "resistant" },
      cancerDiagnosisDate: "2016-06-20",
      boneMetastasisDiagnosisDate: "2022-01-10",
      weightKg: 82,
      ecog: 1,
      karnofsky: 80,
      systemicTreatment: "hormone_therapy",
      systemicTreatmentDetail: "enzalutamide",
      creatinineClearanceMlMin: 52,
      creatinineClearanceDate: "2026-11-02",
      survivalBand: "1_2y",
    },
    case: {
      question:
        "Dénosumab depuis 3 ans, ostéocondensations diffuses stables : pause du dénosumab possible ? Risque de rebond.",
      referringPhysician: "Dr Paul Girard (urologie)",
      urgency: "routine",
      status: "ready",
    },
  },
  {
    patient: {
      ...base,
      hospitalId: "DEMO-0003",
      lastName: "Nguyen",
      firstName: "Linh",
      birthDate: "1968-02-27",
      sex: "F",
      primaryCancer: { type: "lung", histology: "adenocarcinoma", driver: "EGFR" },
      cancerDiagnosisDate: "2025-05-14",
      boneMetastasisDiagnosisDate: "2025-05-14",
      weightKg: 55,
      ecog: 1,
      karnofsky: 80,
      systemicTreatment: "targeted_therapy",
      systemicTreatmentDetail: "osimertinib",
      creatinineClearanceMlMin: 91,
      creatinineClearanceDate: "2026-10-12",
      survivalBand: "1_2y",
    },
    case: {
      question:
        "Lésion T11 avec atteinte du mur postérieur et épidurite débutante, douleur mécanique : avis chirurgie rachis et radiothérapie.",
      referringPhysician: "Dr Marc Fontaine (pneumologie)",
      urgency: "urgent",
      status: "ready",
    },
  },
  {
    patient: {
      ...base,
      hospitalId: "DEMO-0004",
      lastName: "Lefebvre",
      firstName: "Alain",
      birthDate: "1960-08-19",
      sex: "M",
      primaryCancer: { type: "kidney" },
      cancerDiagnosisDate: "2021-02-08",
      boneMetastasisDiagnosisDate: "2026-06-01",
      weightKg: 90,
      ecog: 0,
      karnofsky: 90,
      systemicTreatment: "immunotherapy",
      systemicTreatmentDetail: "nivolumab + cabozantinib",
      creatinineClearanceMlMin: 44,
      creatinineClearanceDate: "2026-11-05",
      survivalBand: "gt_2y",
    },
    case: {
      question:
        "Métastase lytique diaphysaire fémorale droite (rein, hypervasculaire) : embolisation puis enclouage ?",
      referringPhysician: "Dr Élise Perrin (oncologie)",
      urgency: "priority",
      status: "draft",
    },
  },
  {
    patient: {
      ...base,
      hospitalId: "DEMO-0005",
      lastName: "Rousseau",
      firstName: "Bernard",
      birthDate: "1957-01-30",
      sex: "M",
      primaryCancer: { type: "myeloma" },
      cancerDiagnosisDate: "2024-03-18",
      boneMetastasisDiagnosisDate: "2024-03-18",
      weightKg: 76,
      ecog: 2,
      karnofsky: 70,
      systemicTreatment: "chemotherapy",
      systemicTreatmentDetail: "daratumumab-lénalidomide-dexaméthasone",
      creatinineClearanceMlMin: 38,
      creatinineClearanceDate: "2026-11-10",
      survivalBand: "1_2y",
    },
    case: {
      question:
        "Tassements L1 et L3 douloureux : cyphoplastie ? Adaptation de l'acide zolédronique à la clairance.",
      referringPhysician: "Dr Nadia Benali (hématologie)",
      urgency: "priority",
      status: "ready",
    },
  },
  {
    patient: {
      ...base,
      hospitalId: "DEMO-0006",
      lastName: "Fabre",
      firstName: "Nathalie",
      birthDate: "1974-09-09",
      sex: "F",
      primaryCancer: { type: "soft_tissue_sarcoma", subtype: "leiomyosarcoma" },
      cancerDiagnosisDate: "2023-10-02",
      boneMetastasisDiagnosisDate: "2026-08-20",
      weightKg: 61,
      ecog: 1,
      karnofsky: 80,
      systemicTreatment: "chemotherapy",
      systemicTreatmentDetail: "doxorubicine-trabectédine",
      creatinineClearanceMlMin: 96,
      creatinineClearanceDate: "2026-10-28",
      survivalBand: "6_12m",
    },
    case: {
      question:
        "Métastase iliaque et acétabulaire gauche : radiothérapie stéréotaxique ou cimentoplastie ?",
      referringPhysician: "Dr Thomas Vidal (sarcomes)",
      urgency: "routine",
      status: "draft",
    },
  },
  {
    patient: {
      ...base,
      hospitalId: "DEMO-0007",
      lastName: "Chevalier",
      firstName: "Sarah",
      birthDate: "1981-12-15",
      sex: "F",
      primaryCancer: { type: "breast", hormoneReceptor: "negative", her2: "negative" },
      cancerDiagnosisDate: "2024-01-22",
      boneMetastasisDiagnosisDate: "2026-05-04",
      weightKg: 58,
      ecog: 1,
      karnofsky: 80,
      systemicTreatment: "immunotherapy",
      systemicTreatmentDetail: "pembrolizumab + chimiothérapie",
      creatinineClearanceMlMin: 105,
      creatinineClearanceDate: "2026-11-01",
      survivalBand: "1_2y",
    },
    case: {
      question:
        "Réponse dissociée sous immunothérapie (côtes en réponse, humérus droit en progression) : radiothérapie de la lésion humérale ?",
      referringPhysician: "Dr Anne Leroy (oncologie)",
      urgency: "priority",
      status: "ready",
    },
  },
  {
    patient: {
      ...base,
      hospitalId: "DEMO-0008",
      lastName: "Blanc",
      firstName: "Monique",
      birthDate: "1950-05-05",
      sex: "F",
      primaryCancer: { type: "thyroid", histology: "differentiated" },
      cancerDiagnosisDate: "2012-09-11",
      boneMetastasisDiagnosisDate: "2020-04-17",
      weightKg: 70,
      ecog: 2,
      karnofsky: 60,
      systemicTreatment: "targeted_therapy",
      systemicTreatmentDetail: "lenvatinib",
      creatinineClearanceMlMin: 58,
      creatinineClearanceDate: "2026-09-30",
      survivalBand: "gt_2y",
    },
    case: {
      question: "Métastase sacrée réfractaire à l'iode : thermoablation ou radiothérapie ?",
      referringPhysician: "Dr Luc Mercier (médecine nucléaire)",
      urgency: "routine",
      status: "discussed",
    },
  },
  {
    patient: {
      ...base,
      hospitalId: "DEMO-0009",
      lastName: "Durand",
      firstName: "Patrick",
      birthDate: "1964-07-21",
      sex: "M",
      primaryCancer: { type: "melanoma" },
      cancerDiagnosisDate: "2023-12-05",
      boneMetastasisDiagnosisDate: "2026-02-13",
      weightKg: 79,
      ecog: 0,
      karnofsky: 90,
      systemicTreatment: "immunotherapy",
      systemicTreatmentDetail: "nivolumab-ipilimumab",
      creatinineClearanceMlMin: 88,
      creatinineClearanceDate: "2026-10-20",
      survivalBand: "1_2y",
    },
    case: {
      question:
        "Lésion humérale proximale gauche : Mirels limite, ostéosynthèse ou radiothérapie seule ?",
      referringPhysician: "Dr Claire Roux (dermatologie)",
      urgency: "routine",
      status: "ready",
    },
  },
  {
    patient: {
      ...base,
      hospitalId: "DEMO-0010",
      lastName: "Lambert",
      firstName: "Georges",
      birthDate: "1948-03-08",
      sex: "M",
      primaryCancer: { type: "unknown_primary" },
      cancerDiagnosisDate: "2026-10-01",
      boneMetastasisDiagnosisDate: "2026-10-01",
      weightKg: 68,
      ecog: 2,
      karnofsky: 60,
      systemicTreatment: "none",
      creatinineClearanceMlMin: 61,
      creatinineClearanceDate: "2026-11-12",
      survivalBand: "3_6m",
      wishes: "Ne souhaite pas de chirurgie lourde ; priorité au confort.",
    },
    case: {
      question:
        "Métastases osseuses révélatrices sans primitif connu, lésion C5 : biopsie, stabilité rachidienne ?",
      referringPhysician: "Dr Henri Colin (médecine interne)",
      urgency: "urgent",
      status: "ready",
    },
  },
  {
    patient: {
      ...base,
      hospitalId: "DEMO-0011",
      lastName: "Petitjean",
      firstName: "Camille",
      birthDate: "1991-06-02",
      sex: "F",
      primaryCancer: { type: "giant_cell_tumour" },
      cancerDiagnosisDate: "2025-11-20",
      boneMetastasisDiagnosisDate: "2025-11-20",
      weightKg: 63,
      ecog: 0,
      karnofsky: 100,
      systemicTreatment: "targeted_therapy",
      systemicTreatmentDetail: "dénosumab néoadjuvant",
      creatinineClearanceMlMin: 110,
      creatinineClearanceDate: "2026-10-15",
      survivalBand: "gt_2y",
    },
    case: {
      question:
        "Tumeur à cellules géantes du tibia proximal sous dénosumab : timing du curetage et arrêt du dénosumab.",
      referringPhysician: "Dr Thomas Vidal (sarcomes)",
      urgency: "routine",
      status: "draft",
    },
  },
];

/** Seeds the demo board if the database has no user yet; returns what it created, or null. */
export async function seedDemo(
  ctx: AppContext,
): Promise<{ users: number; patients: number } | null> {
  const db = ctx.db;
  if (countUsers(db) > 0) return null;
  const hashes = await Promise.all(DEMO_USERS.map((u) => hashPassword(u.password)));
  // Hashing is async; the writes are one synchronous transaction, so a crash leaves no half seed.
  return db.transaction((tx) => {
    if (countUsers(tx) > 0) return null;
    const board = tx
      .insert(boards)
      .values({ name: "RCP OOS — CHU de démonstration", institution: "CHU de démonstration" })
      .returning()
      .get();
    // The use cases run inside this one transaction (theirs become savepoints).
    const inTx = { ...ctx, db: tx };
    const userIds = DEMO_USERS.map(
      (u, i) =>
        createUserWithHash(
          inTx,
          null,
          {
            email: u.email,
            displayName: u.displayName,
            role: u.role,
            specialty: u.specialty ?? undefined,
            boardId: board.id,
          },
          hashes[i] ?? "",
        ).id,
    );
    const author = userIds[1] ?? null;
    for (const d of DEMO_PATIENTS) {
      const p = createPatient(inTx, author, board.id, d.patient);
      createCase(inTx, author, p.id, d.case);
    }
    return { users: userIds.length, patients: DEMO_PATIENTS.length };
  });
}
