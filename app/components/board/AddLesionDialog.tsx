// Adding a lesion: the site comes from a click on the map (or is chosen from the list, the
// keyboard path); for a paired bone the side is asked, pre-set to the side that was clicked.
// Nothing is pre-selected otherwise: opened from the button, no site and no side are chosen and
// the lesion is refused until both are (issue 10 §4: a default "Fémur – col fémoral, droit" was
// a wrong-site risk; WHO surgical safety checklist: site and side are confirmed, not assumed).
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { LESION_TYPE_LABELS, type LesionType, LesionTypeSchema } from "../../domain/common";
import { ORDERED_SCALES } from "../../domain/scores";
import { allowedSides, findSite, type Side, SKELETON_SITES } from "../../domain/skeleton";
import { useLabel } from "./useLabel";

export interface NewLesion {
  siteId: string;
  side: Side;
  lesionType: LesionType | undefined;
}

const REGIONS: { key: string; bones: readonly string[] }[] = [
  { key: "spine", bones: ["vertebra", "sacrum", "coccyx"] },
  { key: "pelvis", bones: ["pelvis"] },
  { key: "lowerLimb", bones: ["femur", "tibia", "fibula"] },
  { key: "upperLimb", bones: ["humerus", "radius", "ulna"] },
  { key: "thorax", bones: ["rib", "sternum", "clavicle", "scapula"] },
  { key: "head", bones: ["skull", "mandible"] },
];

export function AddLesionDialog({
  initial,
  onAdd,
  onClose,
}: {
  initial: { siteId: string; side: Side } | null;
  onAdd: (lesion: NewLesion) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [siteId, setSiteId] = useState(initial?.siteId ?? "");
  const [side, setSide] = useState<Side | null>(initial?.side ?? null);
  const [lesionType, setLesionType] = useState<LesionType | "">("");
  const [tried, setTried] = useState(false);
  const site = findSite(siteId);
  const sides = site ? allowedSides(site) : [];
  // A midline site has one possible side; a paired one needs the side someone chose.
  const effectiveSide: Side | null =
    sides.length === 1 ? (sides[0] ?? null) : side !== null && sides.includes(side) ? side : null;
  const required = (field: string) => t("errors.field", { field, reason: t("errors.required") });
  const siteMissing = tried && !site;
  const sideMissing = tried && site !== undefined && effectiveSide === null;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!site || effectiveSide === null) {
      setTried(true);
      return;
    }
    onAdd({ siteId, side: effectiveSide, lesionType: lesionType === "" ? undefined : lesionType });
  }

  return (
    <dialog
      ref={ref}
      className="add-lesion"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={submit}>
        <h2 id={`${id}-title`}>{t("board.add.title")}</h2>
        <div className="field">
          <label htmlFor={`${id}-site`}>{t("board.add.site")}</label>
          <select
            id={`${id}-site`}
            value={siteId}
            data-field="site"
            aria-invalid={siteMissing || undefined}
            aria-describedby={siteMissing ? `${id}-site-error` : undefined}
            onChange={(e) => setSiteId(e.target.value)}
          >
            <option value="">{t("board.add.chooseSite")}</option>
            {REGIONS.map((region) => (
              <optgroup key={region.key} label={t(`board.add.regions.${region.key}`)}>
                {SKELETON_SITES.filter((s) => region.bones.includes(s.bone)).map((s) => (
                  <option key={s.id} value={s.id}>
                    {label(s.label)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          {siteMissing ? (
            <p className="field-error" id={`${id}-site-error`} role="alert">
              {required(t("board.add.site"))}
            </p>
          ) : null}
        </div>
        {site?.paired ? (
          <fieldset
            className="side-choice"
            aria-describedby={sideMissing ? `${id}-side-error` : undefined}
          >
            <legend>{t("board.add.side")}</legend>
            {sides.map((s) => (
              <label key={s} className="radio">
                <input
                  type="radio"
                  name="side"
                  value={s}
                  checked={effectiveSide === s}
                  onChange={() => setSide(s)}
                />
                {t(`board.sides.${s}`)}
              </label>
            ))}
            {sideMissing ? (
              <p className="field-error" id={`${id}-side-error`} role="alert">
                {required(t("board.add.side"))}
              </p>
            ) : null}
          </fieldset>
        ) : site ? (
          <p className="muted">{t("board.add.midline")}</p>
        ) : null}
        <div className="field">
          <label htmlFor={`${id}-type`}>{t("board.fields.lesionType")}</label>
          <select
            id={`${id}-type`}
            value={lesionType}
            onChange={(e) => {
              const parsed = LesionTypeSchema.safeParse(e.target.value);
              setLesionType(parsed.success ? parsed.data : "");
            }}
          >
            <option value="">{t("common.notGiven")}</option>
            {ORDERED_SCALES.lesionType.values.map((v) => (
              <option key={v} value={v}>
                {label(LESION_TYPE_LABELS[v])}
              </option>
            ))}
          </select>
        </div>
        <div className="dialog-actions">
          <button type="submit">{t("board.add.submit")}</button>
          <button type="button" className="secondary" onClick={onClose}>
            {t("common.cancel")}
          </button>
        </div>
      </form>
    </dialog>
  );
}
