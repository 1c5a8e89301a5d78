// The Content-Security-Policy nonce of this response (server/app.ts makes one per request), for
// the inline scripts Remix renders. In the browser the value is empty: browsers hide a nonce from
// the DOM after parsing, and hydration does not need it (the scripts already ran).
import { createContext, useContext } from "react";

const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
