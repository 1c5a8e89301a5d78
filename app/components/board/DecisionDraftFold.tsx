// The "Décision de la RCP" section under a live board (issue 11 §5): the board page and the
// meeting mode show the same draft form, loaded only when needed (decision 113, page weight), with
// a link to where the chair signs it and everyone reads the signed versions.
import { Link } from "@remix-run/react";
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import type { RiskContext } from "../../domain/risk/lesion";
import type { BoardLive } from "./BoardView";
import type { DraftCheckContext } from "./DecisionDraft";
import { Fold } from "./Fold";

const DecisionDraft = lazy(() => import("./DecisionDraft"));

export function DecisionDraftFold({
  live,
  caseId,
  riskContext,
  check,
}: {
  live: BoardLive;
  caseId: number;
  riskContext: RiskContext;
  check: DraftCheckContext;
}) {
  const { t } = useTranslation();
  return (
    <Fold id="decision-draft" title={t("board.decision.title")} defaultOpen>
      <p>
        <Link to={`/cases/${caseId}/decision`}>{t("board.decision.signLink")}</Link>
      </p>
      {live.doc ? (
        <Suspense fallback={<p className="loading">{t("board.decision.loading")}</p>}>
          <DecisionDraft
            {...live}
            doc={live.doc}
            caseId={caseId}
            riskContext={riskContext}
            check={check}
          />
        </Suspense>
      ) : (
        <p className="loading">{t("board.decision.loading")}</p>
      )}
    </Fold>
  );
}
