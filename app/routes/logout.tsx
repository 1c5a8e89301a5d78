import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { signOut } from "../usecases.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const cleared = await signOut(context, request.headers.get("Cookie"));
  return redirect("/login", { headers: { "Set-Cookie": cleared } });
}
