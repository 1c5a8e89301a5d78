import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { requireUser } from "../auth.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  return redirect("/cases");
}
