// The fiche RCP as PDF, read back with a PDF text extractor (issue 11, acceptance): it holds the
// participants, the quorum, every lesion row with its scores and the proposal, the systemic
// decision, the signer and the version; French by default, English on demand; no ISO date.
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { correctDecision, DomainInputError, signDecision } from "~/domain";
import { ficheText } from "~/i18n/fiche";
import { buildFichePdf } from "../../server/fiche/pdf";
import { decision, ficheInput, ficheInputOfStartWithConditions, ROOM, signing } from "./fixture";

async function pdfText(pdf: Buffer): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(doc, { mergePages: true });
  // Table cells wrap: compare on single spaces.
  return text.replace(/\s+/g, " ");
}

describe("fiche RCP (PDF)", () => {
  it("is a PDF whose French text holds the board, date, patient, participants and quorum", async () => {
    const pdf = await buildFichePdf(ficheInput(), ficheText("fr"));
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const text = await pdfText(pdf);
    for (const s of [
      "RCP-OOS Lyon Sud",
      "Hospices Civils de Lyon",
      "Date de la séance : 01/12/2026",
      "DUPONT Hélène",
      "Date de naissance : 14/03/1958",
      "Sexe : Femme",
      "IPP-004211",
      "Médecin référent : Dr Bérard",
      "Indication d'une stabilisation fémorale prophylactique ?",
      "cyphose segmentaire T12 de 8°",
      "Dr Martin Rhumatologie Présent·e sur place",
      "Dr Roy Radiologie Présent·e à distance",
      "Dr Diallo Chirurgie orthopédique Présent·e sur place",
      "Dr Lefèvre (invité·e) Oncologie médicale Présent·e à distance",
      "Dr Absent Neurochirurgie Absent·e",
      // Five distinct specialties present (HAS: ≥ 3); neurosurgery is absent and not counted.
      "Quorum atteint (5 spécialités médicales présentes)",
    ])
      expect(text).toContain(s);
  });

  it("prints every lesion row with each score, its category and the FE result", async () => {
    const text = await pdfText(await buildFichePdf(ficheInput(), ficheText("fr")));
    // Mirels 1989: peritrochanteric 3 + functional pain 3 + lytic 3 + > 2/3 3 = 12 → fixation.
    expect(text).toMatch(/Fémur – col fémoral, côté gauche ostéolytique Mirels 12 \(.*?fixation/);
    expect(text).toContain("Douleur (EN) 6");
    // 2 450 as French writes it (a no-break space, which the comparison reads as a space).
    expect(text).toContain("Charge de rupture 2 450 N");
    expect(text).toContain("Perte de résistance 38 %");
    // SINS (Fisher 2010): junctional 3 + mechanical pain 3 + lytic 2 = 8 → potentially unstable.
    expect(text).toMatch(/Vertèbre T12 ostéolytique SINS 8 \(potentiellement instable/);
    expect(text).toContain("ESCC 1a");
    expect(text).toContain("Douleur (EN) 4");
  });

  it("prints the proposal per lesion, the systemic decision, follow-up, guideline, trial, information and signature", async () => {
    const text = await pdfText(await buildFichePdf(ficheInput(), ficheText("fr")));
    for (const s of [
      "Enclouage centromédullaire préventif 15/12/2026 Chirurgie orthopédique Mirels ≥ 9",
      "Radiothérapie conventionnelle, fraction unique 8 Gy 08/12/2026 Radiothérapie SINS ≥ 7",
      "Initier un anti-résorbeur",
      "dénosumab, 120 mg toutes les 4 semaines",
      "TDM le 01/03/2027",
      "Référentiel suivi : ESMO 2020, santé osseuse",
      "Écart : Enclouage avant radiothérapie — motif : Douleur mécanique invalidante",
      "STEREOSARC (NCT03548428)",
      "Patient informé de la présentation en RCP : oui",
      "Souhaits du patient non recueillis",
      "Signée par Dr Martin (Rhumatologie)",
      // 15:42 at +01:00 is 15:42 in Paris in December (CET).
      "Version 1, signée le 01/12/2026 15:42",
      "Page 1 / 2",
    ])
      expect(text).toContain(s);
  });

  it("prints a start decided before the dental check and the clearance with what is to do before the first dose, each with its source", async () => {
    const text = await pdfText(
      await buildFichePdf(ficheInputOfStartWithConditions(), ficheText("fr")),
    );
    for (const s of [
      "acide zolédronique, dose à fixer selon la clairance de la créatinine avant la première dose, toutes les 4 semaines",
      "À réaliser avant la première dose :",
      "Bilan bucco-dentaire fait avant l'initiation (Brown 2021 (J Bone Oncol 29:100375); MASCC/ISOO/ASCO 2019)",
      "dose d'acide zolédronique à fixer selon la clairance avant la première dose (SmPC Zometa 4.2)",
    ])
      expect(text).toContain(s);
    expect(text).not.toContain("Supplémentation calcium");
  });

  it("has no ISO date and no untranslated catalogue key", async () => {
    const text = await pdfText(await buildFichePdf(ficheInput(), ficheText("fr")));
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(text).not.toMatch(/fiche\.|admin\.|patient\.sexes/);
  });

  it("writes the fiche in English on demand", async () => {
    const text = await pdfText(await buildFichePdf(ficheInput(), ficheText("en")));
    for (const s of [
      "Tumour board record — bone metastases",
      "Meeting date: 01 Dec 2026",
      "Dr Roy Radiology Present remotely",
      "Quorum met (5 physician specialties present)",
      "Femur – femoral neck, left lytic Mirels 12",
      "denosumab, 120 mg every 4 weeks",
      "Signed by Dr Martin (Rheumatology)",
      "Version 1, signed on 01 Dec 2026, 15:42",
    ])
      expect(text).toContain(s);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(text).not.toMatch(/fiche\./);
  });

  it("stamps a decision taken without quorum and names the gap", async () => {
    // Two specialties present (rheumatology, radiology): HAS asks for three different ones.
    const version = signDecision(signing({ attendance: ROOM.slice(0, 2) }));
    const text = await pdfText(await buildFichePdf(ficheInput({ version }), ficheText("fr")));
    expect(text).toContain("Quorum NON atteint : dossier à représenter");
    expect(text).toContain("2 spécialité(s) médicale(s) présente(s) sur 3 requises");
  });

  it("names a correction's version, the version it replaces and its reason", async () => {
    const v1 = signDecision(signing());
    const v2 = correctDecision(
      v1,
      signing({
        decision: decision({ rationale: "Dose corrigée." }),
        signedAt: "2026-12-02T09:05:00+01:00",
      }),
      "Erreur de saisie de la date cible",
    );
    const text = await pdfText(await buildFichePdf(ficheInput({ version: v2 }), ficheText("fr")));
    expect(text).toContain("Version 2, signée le 02/12/2026 09:05");
    expect(text).toContain(
      "Correction de la version 1 — motif : Erreur de saisie de la date cible",
    );
    expect(text).toContain("RCP-OOS Lyon Sud — 01/12/2026 — Version 2");
  });

  it("refuses bad input naming the field, before writing anything", async () => {
    const bad = { ...ficheInput(), patient: { ...ficheInput().patient, birthDate: "14/03/1958" } };
    const error = await buildFichePdf(bad, ficheText("fr")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainInputError);
    expect((error as DomainInputError).field).toBe("patient.birthDate");
    const otherDay = await buildFichePdf(
      ficheInput({ meetingDate: "2026-12-02" }),
      ficheText("fr"),
    ).catch((e: unknown) => e);
    expect((otherDay as DomainInputError).field).toBe("meetingDate");
  });
});
