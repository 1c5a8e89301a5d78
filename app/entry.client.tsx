// Remix's default browser entry (@remix-run/dev config/defaults/entry.client.tsx), made explicit
// for one reason: the English catalogue is not in the main bundle (decision 117). A page the
// server rendered in English loads it before hydrating, so the first client render says exactly
// what the server said.
import { RemixBrowser } from "@remix-run/react";
import { StrictMode, startTransition } from "react";
import { hydrateRoot } from "react-dom/client";
import { hasCatalogue, registerCatalogue } from "./i18n/core";

async function hydrate() {
  if (document.documentElement.lang === "en" && !hasCatalogue("en")) {
    const { en } = await import("./i18n/en");
    registerCatalogue("en", en);
  }
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
}

void hydrate();
