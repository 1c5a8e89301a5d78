// The strain images of a finished FE analysis on the patient page (issue 13 §6, decision 122):
// three CT slices through the weakest point painted with the strain ratio at the failure load,
// the colour bar (viridis, 0 to 1.0 = seuil, app/domain/fe/strainColour.ts) and the caption.
// The PNGs come from GET /patients/:id/fe-jobs/:jobId/strain/:axis.
import { useTranslation } from "react-i18next";
import { colourBarBands, STRAIN_RATIO_SCALE } from "../domain/fe/strainColour";
import type { StrainImagesView } from "../domain/fe/strainImages";

const BANDS = colourBarBands();

/** The colour bar: the 256 colours of the scale as an SVG strip, with its ticks in HTML. */
export function StrainColourBar() {
  const { t } = useTranslation();
  return (
    <div className="fe-strain-bar">
      <p className="fe-strain-bar-title">{t("feStrain.scale")}</p>
      <svg
        viewBox={`0 0 ${BANDS.length} 1`}
        preserveAspectRatio="none"
        role="img"
        aria-label={t("feStrain.scaleAlt")}
      >
        {BANDS.map((band, n) => (
          <rect key={band.from} x={n} y={0} width={1.02} height={1} fill={band.colour} />
        ))}
      </svg>
      <div className="fe-strain-ticks" aria-hidden="true">
        {STRAIN_RATIO_SCALE.ticks.map((tick) => (
          <span key={tick} style={{ left: `${(100 * tick) / STRAIN_RATIO_SCALE.max}%` }}>
            {t(`feStrain.ticks.${String(tick).replace(".", "_")}`)}
          </span>
        ))}
      </div>
    </div>
  );
}

export function FeStrainImages({
  patientId,
  jobId,
  view,
}: {
  patientId: number;
  jobId: number;
  view: StrainImagesView;
}) {
  const { t } = useTranslation();
  const loadCase = t(`fe.loadCaseSets.${view.loadCase}`, { defaultValue: view.loadCase });
  return (
    <section
      className="fe-strain"
      id={`fe-strain-${jobId}`}
      aria-labelledby={`fe-strain-title-${jobId}`}
    >
      <h4 id={`fe-strain-title-${jobId}`}>
        {t("feStrain.title", { loadCase })}{" "}
        <span className="badge">{t("feStrain.researchUse")}</span>
      </h4>
      <div className="fe-strain-grid">
        {view.images.map((image) => {
          const name = t(`feStrain.${image.axis}`);
          // One pixel is one CT voxel: shown at its size in mm (decision 088).
          const ratio = (image.width * image.pixel_mm[0]) / (image.height * image.pixel_mm[1]);
          return (
            <figure
              key={image.axis}
              className="fe-strain-view"
              style={{ width: `calc(var(--fe-strain-height) * ${ratio.toFixed(4)})` }}
            >
              <img
                src={`/patients/${patientId}/fe-jobs/${jobId}/strain/${image.axis}`}
                alt={t("feStrain.imageAlt", { view: name, k: image.sliceIndex + 1, id: jobId })}
                width={image.width}
                height={image.height}
                style={{ aspectRatio: String(ratio.toFixed(4)) }}
              />
              <figcaption>
                {t("feStrain.caption", { view: name, k: image.sliceIndex + 1 })}
              </figcaption>
            </figure>
          );
        })}
      </div>
      <StrainColourBar />
      <p className="muted small">{t("feStrain.legend")}</p>
    </section>
  );
}
