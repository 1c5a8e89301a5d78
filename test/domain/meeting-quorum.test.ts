import { describe, expect, it } from "vitest";
import {
  type Attendee,
  DomainInputError,
  quorum,
  specialtiesNeededForLesions,
  suggestAgendaOrder,
} from "~/domain";
import type { Specialty } from "~/domain/records/permissions";

let nextId = 1;
function physician(specialty: Specialty, presence: Attendee["presence"] = "onSite"): Attendee {
  const userId = nextId++;
  return { kind: "member", userId, name: `Dr ${userId}`, physician: true, specialty, presence };
}

const SURGEON = [{ anyOf: ["orthopaedic_surgery", "spine_surgery"] as Specialty[] }];

describe("quorum (HAS: three physicians of different specialties)", () => {
  it("three rheumatologists are not a quorum", () => {
    const q = quorum([
      physician("rheumatology"),
      physician("rheumatology"),
      physician("rheumatology"),
    ]);
    expect(q.met).toBe(false);
    expect(q.specialtiesPresent).toEqual(["rheumatology"]);
    expect(q.gaps).toMatchObject([{ code: "tooFewSpecialties", present: 1, needed: 3 }]);
  });

  it("three specialties, one of them remote, are a quorum", () => {
    const q = quorum([
      physician("rheumatology"),
      physician("radiation_oncology", "remote"),
      physician("radiology"),
    ]);
    expect(q.met).toBe(true);
    expect(q.gaps).toEqual([]);
  });

  it("an absent physician does not count", () => {
    const q = quorum([
      physician("rheumatology"),
      physician("radiology"),
      physician("radiation_oncology", "absent"),
    ]);
    expect(q.met).toBe(false);
  });

  it("two specialties plus a required surgeon absent is not a quorum, with both reasons", () => {
    const q = quorum([physician("rheumatology"), physician("radiology")], SURGEON);
    expect(q.met).toBe(false);
    expect(q.gaps.map((g) => g.code)).toEqual(["tooFewSpecialties", "requiredSpecialtyAbsent"]);
  });

  it("three specialties without the required surgeon are not a quorum", () => {
    const q = quorum(
      [physician("rheumatology"), physician("radiology"), physician("medical_oncology")],
      SURGEON,
    );
    expect(q.met).toBe(false);
    expect(q.gaps).toMatchObject([{ code: "requiredSpecialtyAbsent", anyOf: SURGEON[0]?.anyOf }]);
  });

  it("a spine surgeon satisfies 'a surgeon' required as orthopaedic or spine surgery", () => {
    const q = quorum(
      [physician("rheumatology"), physician("radiology"), physician("spine_surgery", "remote")],
      SURGEON,
    );
    expect(q.met).toBe(true);
  });

  it("a guest physician counts by the specialty the chair entered; a non-physician guest does not", () => {
    const guest = (
      guestId: string,
      physicianFlag: boolean,
      specialty: Specialty | null,
    ): Attendee => ({
      kind: "guest",
      guestId,
      name: "Invité",
      physician: physicianFlag,
      specialty,
      presence: "remote",
    });
    const two = [physician("rheumatology"), physician("radiology")];
    expect(quorum([...two, guest("g1", true, "pain_medicine")]).met).toBe(true);
    expect(quorum([...two, guest("g2", false, null)]).met).toBe(false);
  });

  it("a coordinator's presence does not count (not a physician)", () => {
    const coordinator: Attendee = {
      kind: "member",
      userId: 999,
      name: "Coordinatrice",
      physician: false,
      specialty: null,
      presence: "onSite",
    };
    expect(quorum([physician("rheumatology"), physician("radiology"), coordinator]).met).toBe(
      false,
    );
  });

  it("refuses a physician without a specialty and a person listed twice, naming the field", () => {
    const noSpecialty = { ...physician("radiology"), specialty: null };
    const e1 = (() => {
      try {
        quorum([noSpecialty]);
      } catch (e) {
        return e;
      }
    })();
    expect(e1).toBeInstanceOf(DomainInputError);
    expect((e1 as DomainInputError).field).toBe("0.specialty");
    const p = physician("radiology");
    expect(() => quorum([p, p])).toThrow(/attendance\.duplicate/);
  });
});

describe("suggested agenda order", () => {
  const spineCase = { caseId: 1, needs: specialtiesNeededForLesions(["spine.T12"]) };
  const femurCase = { caseId: 2, needs: specialtiesNeededForLesions(["femur.neck"]) };
  const ribCase = { caseId: 3, needs: specialtiesNeededForLesions(["rib.7"]) };

  it("derives needs from the lesions: spine → spine surgeon or neurosurgeon; femur → orthopaedic surgeon; rib → none", () => {
    expect(spineCase.needs).toEqual([{ anyOf: ["spine_surgery", "neurosurgery"] }]);
    expect(femurCase.needs).toEqual([{ anyOf: ["orthopaedic_surgery"] }]);
    expect(ribCase.needs).toEqual([]);
  });

  it("takes the spine case first once the spine surgeon is connected", () => {
    const room = [physician("rheumatology"), physician("radiology")];
    const before = suggestAgendaOrder([femurCase, spineCase, ribCase], room);
    expect(before.order).toEqual([3, 2, 1]);
    expect(before.waiting.map((w) => w.caseId)).toEqual([2, 1]);
    const after = suggestAgendaOrder(
      [femurCase, spineCase, ribCase],
      [...room, physician("spine_surgery", "remote")],
    );
    expect(after.order).toEqual([1, 3, 2]);
  });

  it("refuses an unknown site naming it", () => {
    expect(() => specialtiesNeededForLesions(["spine.T12", "femur.tail"])).toThrow(
      /agenda\.unknownSite.*field 1/,
    );
  });

  it("keeps the current order when every case can be taken now (stable)", () => {
    const room = [physician("orthopaedic_surgery"), physician("neurosurgery")];
    expect(suggestAgendaOrder([femurCase, spineCase, ribCase], room).order).toEqual([2, 1, 3]);
  });
});
