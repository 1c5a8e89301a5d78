// The plan item forms posted from a worklist (schedule, mark done, cancel), shared by the
// surgeon's and the coordinator's pages: permission, RCP check, zod, the use case, then back to
// the page (post/redirect/get, so the forms work without JavaScript).
import { json, redirect } from "@remix-run/node";
import type * as z from "zod";
import { requirePermission, requireRcp } from "./auth.server";
import {
  CancelItemSchema,
  makeCompleteItemSchema,
  PlanItemIntentSchema,
  ScheduleItemSchema,
} from "./domain/records/planItem";
import { attempt, formObject, parseOr400 } from "./forms.server";
import type { AppContext } from "./load-context";
import { cancelItem, completeItem, findPlanItem, scheduleItem, todayOf } from "./usecases.server";

export async function planItemAction(request: Request, ctx: AppContext, backTo: string) {
  // Decision 102: whoever may change a case (physicians, coordinators) follows its plan through.
  const user = await requirePermission(request, ctx, "case:write");
  const values = await formObject(request);
  const run = async <S extends z.ZodType>(
    schema: S,
    change: (input: z.infer<S>) => unknown,
  ): Promise<Response> => {
    const parsed = parseOr400(request, schema, values, values);
    if (!parsed.ok) return parsed.response;
    const done = await attempt(request, values, () => change(parsed.data));
    return done.ok ? redirect(backTo) : done.response;
  };
  const intent = parseOr400(request, PlanItemIntentSchema, values, values);
  if (!intent.ok) return intent.response;
  // The item's RCP first: an item of another RCP is not disclosed (404), whatever the input.
  const id = Number(values.planItemId);
  if (Number.isSafeInteger(id) && id > 0) {
    const found = findPlanItem(ctx, id);
    if (!found) throw json({ error: "not_found" }, { status: 404 });
    requireRcp(user, found.patient.rcpId);
  }
  switch (intent.data.intent) {
    case "schedule":
      return run(ScheduleItemSchema, (i) =>
        scheduleItem(ctx, user.id, i.planItemId, i.scheduledDate),
      );
    case "complete":
      return run(makeCompleteItemSchema(todayOf(ctx)), (i) =>
        completeItem(ctx, user.id, i.planItemId, i.doneDate),
      );
    case "cancel":
      return run(CancelItemSchema, (i) => cancelItem(ctx, user.id, i.planItemId, i.cancelReason));
  }
}
