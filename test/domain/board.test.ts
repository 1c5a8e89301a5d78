import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { z } from "zod";
import {
  BoardDocumentSchema,
  BoardLesionSchema,
  boardAssessments,
  dissociatedResponse,
  lesionHistory,
  parseBoardLenient,
} from "../../app/domain/board/schema";
import {
  addAssessment,
  addLesion,
  boardJson,
  lesionDiscussion,
  lesionsMap,
  NESTED_LESION_FIELDS,
  proposeOption,
  readBoard,
  readLesion,
  setOptionStatus,
  setScoreItem,
} from "../../app/domain/board/ydoc";
import { LesionInputSchema } from "../../app/domain/risk/lesion";

const femur = {
  id: "l1",
  siteId: "femur.trochanteric",
  side: "right" as const,
  lesionType: "lytic" as const,
  mirels: { pain: "functional" as const, size: "moreThanTwoThirds" as const },
};

describe("board document schema", () => {
  it("accepts a peritrochanteric lytic lesion with defaults for options, assessments, discussion", () => {
    const lesion = BoardLesionSchema.parse(femur);
    expect(lesion.options).toEqual({});
    expect(lesion.assessments).toEqual({});
    expect(lesion.discussion).toBe("");
  });

  it("keeps the clinical engine's site/side rule: a femur needs a side", () => {
    const parsed = BoardLesionSchema.safeParse({ ...femur, side: "midline" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["side"]);
  });

  it("refuses an unknown treatment, a bad imaging date and an unknown response", () => {
    const option = { id: "o", treatmentId: "rt.magic", proposedBy: 1, status: "proposed" };
    expect(BoardLesionSchema.safeParse({ ...femur, options: { o: option } }).success).toBe(false);
    const bad = { id: "a", imagingDate: "2026-02-30", modality: "ct", response: "stable" };
    expect(BoardLesionSchema.safeParse({ ...femur, assessments: { a: bad } }).success).toBe(false);
    const worse = { id: "a", imagingDate: "2026-02-01", modality: "ct", response: "worse" };
    expect(BoardLesionSchema.safeParse({ ...femur, assessments: { a: worse } }).success).toBe(
      false,
    );
  });

  it("requires lesion keys to equal lesion ids", () => {
    expect(BoardDocumentSchema.safeParse({ lesions: { other: femur } }).success).toBe(false);
    expect(BoardDocumentSchema.safeParse({ lesions: { l1: femur } }).success).toBe(true);
  });

  it("parses leniently: a wrongly written lesion is listed by id and field, the others kept", () => {
    const board = parseBoardLenient({
      lesions: {
        l1: femur,
        l2: { id: "l2", siteId: "nowhere", side: "left" },
        l3: { ...femur, id: "x" },
      },
      discussion: "ok",
    });
    expect(board.lesions.map((l) => l.id)).toEqual(["l1"]);
    expect(board.invalid).toEqual([
      { lesionId: "l2", fields: ["siteId"] },
      { lesionId: "l3", fields: ["id"] },
    ]);
    expect(parseBoardLenient(42)).toEqual({ lesions: [], invalid: [], discussion: "" });
  });
});

describe("dissociated response", () => {
  it("flags a date where one lesion progresses while another responds", () => {
    const result = dissociatedResponse([
      { lesionId: "T12", imagingDate: "2026-09-01", response: "partialResponse" },
      { lesionId: "femur", imagingDate: "2026-09-01", response: "progression" },
      { lesionId: "T12", imagingDate: "2026-06-01", response: "stable" },
    ]);
    expect(result.dissociated).toBe(true);
    expect(result.dates).toEqual([
      { imagingDate: "2026-09-01", respondingLesionIds: ["T12"], progressingLesionIds: ["femur"] },
    ]);
  });

  it("counts sclerotic condensation as response and a new lesion as progression (MDA criteria)", () => {
    const result = dissociatedResponse([
      { lesionId: "L2", imagingDate: "2026-09-01", response: "scleroticCondensation" },
      { lesionId: "rib", imagingDate: "2026-09-01", response: "new" },
    ]);
    expect(result.dissociated).toBe(true);
  });

  it("does not flag responses on different dates, nor a uniform response", () => {
    expect(
      dissociatedResponse([
        { lesionId: "a", imagingDate: "2026-01-01", response: "completeResponse" },
        { lesionId: "b", imagingDate: "2026-02-01", response: "progression" },
      ]).dissociated,
    ).toBe(false);
    expect(
      dissociatedResponse([
        { lesionId: "a", imagingDate: "2026-01-01", response: "progression" },
        { lesionId: "b", imagingDate: "2026-01-01", response: "progression" },
        { lesionId: "c", imagingDate: "2026-01-01", response: "stable" },
      ]).dissociated,
    ).toBe(false);
    expect(dissociatedResponse([]).dissociated).toBe(false);
  });

  it("does not call one lesion read two ways on one day a dissociation", () => {
    expect(
      dissociatedResponse([
        { lesionId: "a", imagingDate: "2026-01-01", response: "progression" },
        { lesionId: "a", imagingDate: "2026-01-01", response: "partialResponse" },
      ]).dissociated,
    ).toBe(false);
  });

  it("reads the board's assessments and orders a lesion's history by date", () => {
    const lesion = BoardLesionSchema.parse({
      ...femur,
      assessments: {
        b: { id: "b", imagingDate: "2026-09-01", modality: "mri", response: "progression" },
        a: { id: "a", imagingDate: "2026-03-01", modality: "ct", response: "new" },
      },
    });
    expect(lesionHistory(lesion).map((a) => a.id)).toEqual(["a", "b"]);
    expect(boardAssessments([lesion])).toHaveLength(2);
  });
});

describe("board in a Yjs document (app/domain/board/ydoc.ts)", () => {
  it("lists exactly the object-valued LesionInput fields as nested maps", () => {
    const objectFields = Object.entries(LesionInputSchema.shape)
      .filter(([, schema]) => {
        const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
        return inner instanceof z.ZodObject;
      })
      .map(([key]) => key)
      .sort();
    expect([...NESTED_LESION_FIELDS].sort()).toEqual(objectFields);
  });

  it("round-trips a lesion and merges concurrent edits of different score items", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    addLesion(a, femur);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    setScoreItem(a, "l1", "mirels", "pain", "mild");
    setScoreItem(b, "l1", "mirels", "size", "lessThanOneThird");
    proposeOption(a, "l1", {
      id: "o1",
      treatmentId: "surgery.prophylacticNailing",
      proposedBy: 3,
      status: "proposed",
      note: "",
    });
    addAssessment(b, "l1", {
      id: "x",
      imagingDate: "2026-10-01",
      modality: "xray",
      response: "stable",
    });
    lesionDiscussion(b, "l1").insert(0, "Avis orthopédique.");
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    setOptionStatus(b, "l1", "o1", { status: "retained", note: "accord" });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(boardJson(a, null)).toEqual(boardJson(b, null));
    const lesion = readLesion(a, "l1");
    expect(lesion?.mirels).toEqual({ pain: "mild", size: "lessThanOneThird" });
    expect(lesion?.options.o1?.status).toBe("retained");
    expect(lesion?.assessments.x?.modality).toBe("xray");
    expect(lesion?.discussion).toBe("Avis orthopédique.");
    expect(readBoard(a, null).invalid).toEqual([]);
    expect(lesionsMap(a).get("l1")?.get("discussion")).toBeInstanceOf(Y.Text);
  });

  it("refuses to add an invalid lesion", () => {
    expect(() => addLesion(new Y.Doc(), { ...femur, siteId: "nowhere" })).toThrow();
  });
});
