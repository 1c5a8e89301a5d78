import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import * as z from "zod";
import { requirePermission } from "../auth.server";
import { listUsers, readAudit } from "../usecases.server";

const optional = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), s.optional()).catch(undefined);

const FilterSchema = z.object({
  entity: optional(z.string().max(40)),
  entityId: optional(z.string().max(40)),
  action: optional(z.string().max(40)),
  userId: optional(z.coerce.number().int().positive()),
  from: optional(z.iso.date()),
  to: optional(z.iso.date()),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "audit:read");
  const filter = FilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const users = listUsers(context).map((u) => ({ id: u.id, displayName: u.displayName }));
  return json({ filter, users, rows: readAudit(context, { ...filter, limit: 300 }) });
}

const ENTITIES = ["patient", "case", "user", "rcp", "decision", "sequence"];

export default function AuditLog() {
  const { filter, users, rows } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const nameOf = (id: number | null) =>
    users.find((u) => u.id === id)?.displayName ?? t("common.none");
  return (
    <>
      <h1>{t("admin.auditTitle")}</h1>
      <Form method="get" className="toolbar">
        <div>
          <label htmlFor="entity">{t("admin.entity")}</label>
          <select id="entity" name="entity" defaultValue={filter.entity ?? ""}>
            <option value="">{t("common.all")}</option>
            {ENTITIES.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="entityId">{t("admin.entityId")}</label>
          <input id="entityId" name="entityId" defaultValue={filter.entityId ?? ""} size={6} />
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
      <p className="muted">{t("common.results", { count: rows.length })}</p>
      <div className="table-wrap">
        <table>
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
              <tr key={r.id}>
                <td>{r.at.slice(0, 19).replace("T", " ")}</td>
                <td>{nameOf(r.userId)}</td>
                <td>
                  {r.entity} #{r.entityId}
                </td>
                <td>{r.action}</td>
                <td>
                  <div className="cols">
                    <pre className="json">{r.before ? JSON.stringify(r.before, null, 1) : "∅"}</pre>
                    <pre className="json">{r.after ? JSON.stringify(r.after, null, 1) : "∅"}</pre>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
