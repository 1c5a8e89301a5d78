import { useTranslation } from "react-i18next";
import { CANCER_DETAIL_FIELDS, type PrimaryCancer } from "../domain/records/cancer";

/** "Poumon — Adénocarcinome, EGFR" from the stored primary-cancer value. */
export function CancerLabel({ cancer }: { cancer: PrimaryCancer }) {
  const { t } = useTranslation();
  const details = CANCER_DETAIL_FIELDS[cancer.type].map((f) => {
    const v = (cancer as Record<string, unknown>)[f.name];
    if (typeof v !== "string") return null;
    const value = f.options === "text" ? v : t(`cancer.options.${v}`);
    return f.name === "hormoneReceptor" || f.name === "her2"
      ? `${t(`cancer.fields.${f.name}`)} ${value}`
      : value;
  });
  const text = details.filter(Boolean).join(", ");
  return (
    <span>
      {t(`cancer.types.${cancer.type}`)}
      {text ? ` — ${text}` : ""}
    </span>
  );
}
