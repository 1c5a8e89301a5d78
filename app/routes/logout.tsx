import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { deleteSession } from "../db.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const id: unknown = await context.sessionCookie.parse(request.headers.get("Cookie"));
  if (typeof id === "string") deleteSession(context.db, id);
  return redirect("/login", {
    headers: { "Set-Cookie": await context.sessionCookie.serialize("", { maxAge: 0 }) },
  });
}
