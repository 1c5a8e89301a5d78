// The kinds of skeletal event recorded on a lesion (issue 12 §3). The list is the zoledronic-acid
// label's skeletal-related events (Zometa EU SmPC: "fractures pathologiques, compression
// médullaire, irradiation ou chirurgie osseuse, hypercalcémie induite par des tumeurs"; clinical.md
// §"Skeletal-related event"). The stored column (db/schema.ts skeletal_events.kind) uses the same
// identifiers; which of them count as SRE or SSE is the engine's rule, not this list's.
export const SKELETAL_EVENT_KINDS = [
  "pathologicalFracture",
  "spinalCordCompression",
  "radiotherapyToBone",
  "surgeryToBone",
  "hypercalcaemia",
] as const;
export type SkeletalEventKind = (typeof SKELETAL_EVENT_KINDS)[number];

export const SKELETAL_EVENT_LABELS: Record<SkeletalEventKind, { fr: string; en: string }> = {
  pathologicalFracture: { fr: "Fracture pathologique", en: "Pathological fracture" },
  spinalCordCompression: { fr: "Compression médullaire", en: "Spinal cord compression" },
  radiotherapyToBone: { fr: "Radiothérapie osseuse", en: "Radiotherapy to bone" },
  surgeryToBone: { fr: "Chirurgie osseuse", en: "Surgery to bone" },
  hypercalcaemia: { fr: "Hypercalcémie", en: "Hypercalcaemia" },
};
