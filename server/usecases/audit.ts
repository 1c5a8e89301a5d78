// Reading the audit log (admin). Rows are written by the other use cases, inside their changes.
import { type AuditFilter, listAudit } from "../../db/audit";
import type { AppContext } from "./context";

export type { AuditFilter };

export function readAudit(ctx: AppContext, filter: AuditFilter) {
  return listAudit(ctx.db, filter);
}
