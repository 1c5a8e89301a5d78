// After sign-in, "/" is the user's worklist: the list of the work their specialty does
// (issue 12 §4, decision 107). The patients list stays one click away in the nav.
import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { requireUser } from "../auth.server";
import { homeWorklistOf } from "../domain/worklists";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return redirect(`/worklists/${homeWorklistOf(user)}`);
}
