// The audit log for admins (issue 10 §10), in the interface language: record changes as a
// before/after of the changed fields, and the live boards' edits read from their stored updates
// (who changed which lesion of which patient, when; decision 075).
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { requirePermission } from "../auth.server";
import { AuditChange } from "../components/AuditChange";
import { BoardChanges } from "../components/board/BoardChanges";
import { useDates } from "../components/useDates";
import { patientDisplayName } from "../domain/records/patient";
import {
  listUsers,
  listVisibleRcps,
  readAudit,
  readBoardEdits,
  searchPatients,
} from "../usecases.server";

const optional = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), s.optional()).catch(undefined);

const ENTITIES = ["patient", "case", "user", "rcp", "meeting"] as const;

const FilterSchema = z.object({
  entity: optional(z.string().max(40)),
  entityId: optional(z.string().max(40)),
  action: optional(z.string().max(40)),
  userId: optional(z.coerce.number().int().positive()),
  patientId: optional(z.coerce.number().int().positive()),
  from: optional(z.iso.date()),
  to: optional(z.iso.date()),
  /** "Older entries" of each list: rows with a smaller id. */
  before: optional(z.coerce.number().int().positive()),
  boardBefore: optional(z.coerce.number().int().positive()),
});

const RECORD_ROWS = 300;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "audit:read");
  const filter = FilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const users = listUsers(context).map((u) => ({ id: u.id, displayName: u.displayName }));
  const rcps = listVisibleRcps(context, null).map((r) => ({ id: r.id, name: r.name }));
  const patients = searchPatients(context, null, "")
    .map((p) => ({ id: p.id, name: patientDisplayName(p), hospitalId: p.hospitalId }))
    .sort((a, b) => a.name.localeCompare(b.name, "fr"));
  const { before, boardBefore, ...criteria } = filter;
  const rows = readAudit(context, { ...criteria, beforeId: before, limit: RECORD_ROWS });
  // Board edits have no entity, entity id or action of the record rows: those filters hide them.
  const boardsApply = !criteria.entity && !criteria.entityId && !criteria.action;
  const board = boardsApply
    ? readBoardEdits(context, {
        patientId: criteria.patientId,
        userId: criteria.userId,
        from: criteria.from,
        to: criteria.to,
        beforeId: boardBefore,
      })
    : { edits: [], olderBeforeId: null };
  const olderRecords = rows.length === RECORD_ROWS ? (rows[rows.length - 1]?.id ?? null) : null;
  return json({ filter, users, rcps, patients, rows, olderRecords, board });
}

export default function AuditLog() {
  const { filter, users, rcps, patients, rows, olderRecords, board } =
    useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const { dateTime } = useDates();
  const userName = (id: number | null) =>
    users.find((u) => u.id === id)?.displayName ?? t("common.none");
  const rcpName = (id: number) => rcps.find((r) => r.id === id)?.name ?? `#${id}`;
  const entityName = (entity: string) =>
    i18n.exists(`audit.entities.${entity}`) ? t(`audit.entities.${entity}`) : entity;
  const actionName = (action: string) =>
    i18n.exists(`audit.actions.${action}`) ? t(`audit.actions.${action}`) : action;
  // Links to another page keep the filters and move one list's cursor.
  const pageLink = (key: "before" | "boardBefore", value: number | null) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) {
      if (v !== undefined && k !== "before" && k !== "boardBefore") params.set(k, String(v));
    }
    if (value !== null) params.set(key, String(value));
    return `?${params.toString()}`;
  };

  return (
    <>
      <h1>{t("admin.auditTitle")}</h1>
      <Form method="get" className="toolbar">
        <div>
          <label htmlFor="patientId">{t("audit.patient")}</label>
          <select id="patientId" name="patientId" defaultValue={filter.patientId ?? ""}>
            <option value="">{t("common.all")}</option>
            {patients.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.hospitalId})
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="userId">{t("admin.user")}</label>
          <select id="userId" name="userId" defaultValue={filter.userId ?? ""}>
            <option value="">{t("common.all")}</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="entity">{t("admin.entity")}</label>
          <select id="entity" name="entity" defaultValue={filter.entity ?? ""}>
            <option value="">{t("common.all")}</option>
            {ENTITIES.map((e) => (
              <option key={e} value={e}>
                {entityName(e)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="entityId">{t("admin.entityId")}</label>
          <input id="entityId" name="entityId" defaultValue={filter.entityId ?? ""} size={6} />
        </div>
        <div>
          <label htmlFor="from">{t("admin.from")}</label>
          <input id="from" name="from" type="date" defaultValue={filter.from ?? ""} />
        </div>
        <div>
          <label htmlFor="to">{t("admin.to")}</label>
          <input id="to" name="to" type="date" defaultValue={filter.to ?? ""} />
        </div>
        <button type="submit" className="secondary">
          {t("common.filter")}
        </button>
      </Form>

      <section aria-labelledby="audit-records">
        <h2 id="audit-records">{t("audit.records")}</h2>
        <p className="muted">{t("common.results", { count: rows.length })}</p>
        {rows.length === 0 ? (
          <p className="panel">{t("audit.recordsEmpty")}</p>
        ) : (
          <div className="table-wrap">
            <table data-audit="records">
              <thead>
                <tr>
                  <th>{t("admin.at")}</th>
                  <th>{t("admin.user")}</th>
                  <th>{t("admin.entity")}</th>
                  <th>{t("admin.action")}</th>
                  <th>{t("admin.change")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} data-audit-id={r.id}>
                    <td>{dateTime(r.at)}</td>
                    <td>{userName(r.userId)}</td>
                    <td>
                      {t("audit.entityRef", { entity: entityName(r.entity), id: r.entityId })}
                    </td>
                    <td>{actionName(r.action)}</td>
                    <td>
                      <AuditChange
                        before={r.before}
                        after={r.after}
                        userName={userName}
                        rcpName={rcpName}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <PageLinks
          newest={filter.before ? pageLink("before", null) : null}
          older={olderRecords === null ? null : pageLink("before", olderRecords)}
        />
      </section>

      <section aria-labelledby="audit-boards">
        <h2 id="audit-boards">{t("audit.boards")}</h2>
        <p className="muted">{t("audit.boardsIntro")}</p>
        {board.edits.length === 0 ? (
          <p className="panel">{t("audit.boardsEmpty")}</p>
        ) : (
          <div className="table-wrap">
            <table data-audit="boards">
              <thead>
                <tr>
                  <th>{t("admin.at")}</th>
                  <th>{t("admin.user")}</th>
                  <th>{t("audit.patient")}</th>
                  <th>{t("audit.lesions")}</th>
                </tr>
              </thead>
              <tbody>
                {board.edits.map((e) => (
                  <tr key={`${e.caseId}-${e.firstUpdateId}`} data-board-edit={e.lastUpdateId}>
                    <td>
                      {dateTime(e.at)}
                      <br />
                      <span className="muted small">
                        {t("audit.updates", { count: e.updateCount })}
                      </span>
                    </td>
                    <td>{e.userName ?? t("audit.unknownUser")}</td>
                    <td>
                      <Link to={`/patients/${e.patientId}`}>{e.patientName}</Link>
                      <br />
                      {e.caseId === null ? (
                        <span className="muted small">{t("audit.mergeStep")}</span>
                      ) : (
                        <Link to={`/cases/${e.caseId}/history`} className="small">
                          {t("audit.caseBoard", { id: e.caseId })}
                        </Link>
                      )}
                    </td>
                    <td>
                      <BoardChanges
                        changes={e.changes}
                        caseDiscussionChanged={e.caseDiscussionChanged}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <PageLinks
          newest={filter.boardBefore ? pageLink("boardBefore", null) : null}
          older={board.olderBeforeId === null ? null : pageLink("boardBefore", board.olderBeforeId)}
        />
      </section>
    </>
  );
}

function PageLinks({ newest, older }: { newest: string | null; older: string | null }) {
  const { t } = useTranslation();
  if (!newest && !older) return null;
  return (
    <p className="toolbar">
      {newest ? <Link to={newest}>{t("audit.newest")}</Link> : null}
      {older ? <Link to={older}>{t("audit.older")}</Link> : null}
    </p>
  );
}
