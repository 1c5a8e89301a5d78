// How an FE result's weight and axes read wherever the result is shown (the patient page's job
// row, the board's result card): one wording, so the meeting reads the same facts in both places.
// The weight is the one recorded with the job, the multiple's own (decision 132); the axes are
// the tilt from the bone's principal axes (decision 127) and the comparator's, mirrored for the
// contralateral bone, the same for the digitally repaired one.
import { useTranslation } from "react-i18next";
import type { AxisTilt } from "../domain/fe/axisTilt";
import { useDates } from "./useDates";

export function useFeFacts() {
  const { t, i18n } = useTranslation();
  const { dateTime } = useDates();
  const num = (v: number, digits: number) =>
    v.toLocaleString(i18n.language, { maximumFractionDigits: digits });
  // A true minus sign (U+2212), as the form's hint writes "−30°", whatever the locale's own sign.
  const degrees = (v: number) => `${v < 0 ? "−" : ""}${num(Math.abs(v), 1)}°`;
  const isPrincipal = (tilt: AxisTilt) => tilt.coronal_deg === 0 && tilt.sagittal_deg === 0;
  const angles = (tilt: AxisTilt) => ({
    coronal: degrees(tilt.coronal_deg),
    sagittal: degrees(tilt.sagittal_deg),
  });
  return {
    /** "70 kg, saisi le 01/12/2026 10:05", or what is known of it. */
    weight(kg: number | null | undefined, enteredAt?: string | null) {
      if (kg === null || kg === undefined) return t("fe.facts.weightOfJob");
      const value = num(kg, 1);
      return enteredAt
        ? t("fe.facts.weightEntered", { kg: value, date: dateTime(enteredAt) })
        : t("fe.facts.weightKg", { kg: value });
    },
    /** "Axes inclinés : 5° coronal, −3° sagittal…" or "Axes : axe principal de l'os…". */
    axes(tilt: AxisTilt | null | undefined) {
      if (!tilt) return t("fe.facts.axesUnknown");
      return isPrincipal(tilt)
        ? t("fe.facts.axesPrincipal")
        : t("fe.facts.axesTilted", angles(tilt));
    },
    /** The comparator's axes: the same pipeline, mirrored for the contralateral bone. */
    comparatorAxes(
      comparator: "contralateral" | "digitally-repaired" | null,
      tilt: AxisTilt | null | undefined,
    ) {
      if (comparator === null || !tilt) return null;
      if (comparator === "digitally-repaired") return t("fe.facts.comparatorRepaired");
      return isPrincipal(tilt)
        ? t("fe.facts.comparatorMirroredPrincipal")
        : t("fe.facts.comparatorMirrored", angles(tilt));
    },
    num,
  };
}
