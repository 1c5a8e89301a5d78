// A section of the lesion panel that folds (issue 10 §6): the clinician folds what does not matter
// for this lesion and the choice is remembered per section on this computer (localStorage), for
// every lesion, so the panel stays short on a laptop.
import { type ReactNode, useEffect, useState } from "react";

const KEY_PREFIX = "osteoboard:fold:";

function remembered(id: string): boolean | null {
  try {
    const v = window.localStorage.getItem(KEY_PREFIX + id);
    return v === "open" ? true : v === "closed" ? false : null;
  } catch {
    // Storage refused (private mode, policy): folding still works for this page.
    return null;
  }
}

export function Fold({
  id,
  title,
  defaultOpen,
  children,
}: {
  /** Stable section name: the key of the remembered state. */
  id: string;
  title: string;
  defaultOpen: boolean;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(defaultOpen);
  // Read after mount: the server render cannot know this computer's choice.
  useEffect(() => {
    const r = remembered(id);
    if (r !== null) setOpen(r);
  }, [id]);
  return (
    <details
      className="fold"
      data-fold={id}
      open={open}
      onToggle={(e) => {
        const now = e.currentTarget.open;
        if (now === open) return;
        setOpen(now);
        try {
          window.localStorage.setItem(KEY_PREFIX + id, now ? "open" : "closed");
        } catch {
          // Not remembered, still folded for now.
        }
      }}
    >
      <summary>{title}</summary>
      {children}
    </details>
  );
}
