// The links between the worklists (issue 12 §4).
import { NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function WorklistNav() {
  const { t } = useTranslation();
  return (
    <nav className="toolbar" aria-label={t("worklists.title")}>
      <NavLink className="row-link" to="/worklists/surgeon">
        {t("worklists.surgeonLink")}
      </NavLink>
      <NavLink className="row-link" to="/worklists/oncologist">
        {t("worklists.oncologistLink")}
      </NavLink>
      <NavLink className="row-link" to="/worklists/coordinator">
        {t("worklists.coordinatorLink")}
      </NavLink>
    </nav>
  );
}
