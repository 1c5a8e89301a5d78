// Where a form may send the browser afterwards (sign-in, language switch): only this origin.
// The target is parsed as a URL against the request, exactly as the browser will resolve the
// Location header, so `/\evil.example`, `/\t/evil.example` and `//evil.example` (which browsers
// read as another host: WHATWG URL treats `\` as `/` and drops tabs) are caught by their origin,
// not by string prefixes (issue 9, decision 060).

/** A same-origin path (with query and hash) for `to`, or `fallback` for anything else. */
export function sameOriginPath(request: Request, to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to === "") return fallback;
  const origin = new URL(request.url).origin;
  let target: URL;
  try {
    target = new URL(to, origin);
  } catch {
    return fallback;
  }
  if (target.origin !== origin) return fallback;
  const path = `${target.pathname}${target.search}${target.hash}`;
  // `http://this-host//evil.example/x` is same-origin, but its path alone would be read as a
  // protocol-relative URL to evil.example.
  return path.startsWith("//") ? fallback : path;
}
