// A free-text field of the live board: a label and a CodeMirror editor bound to a Y.Text, with the
// carets of the others who type in it, each with their name (decision 071). The board has no
// document before the page runs, so this never renders on the server; the view is made in
// useEffect and the host div has no React children for it to disturb.
// CodeMirror and its Yjs binding (~68 KB compressed) are imported in that effect, not with the page:
// the board's first paint does not wait for them and its JavaScript stays under the 300 KB budget
// (decision 070; decision 071 amended 2026-12-01). The chunk is fetched as soon as the first editor
// mounts, i.e. right after the board opens, so it is in the browser before any offline spell.
import { useEffect, useId, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";

const loadEditor = () =>
  Promise.all([import("@codemirror/view"), import("../../board/collabEditor")]).then(
    ([view, setup]) => ({ EditorView: view.EditorView, ...setup }),
  );

export function CollabEditor({
  text,
  awareness,
  label,
  placeholder,
  maxLength,
  readOnly = false,
  testId,
  compact = false,
}: {
  text: Y.Text;
  awareness: Awareness | null;
  label: string;
  placeholder?: string;
  maxLength?: number;
  readOnly?: boolean;
  testId?: string;
  /** A short note (one or two lines) rather than a discussion. */
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const labelId = useId();
  const host = useRef<HTMLDivElement>(null);
  const controlCharacter = t("board.editor.controlCharacter");
  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    let cleanup: (() => void) | null = null;
    let unmounted = false;
    void loadEditor().then(({ EditorView, collabEditorSetup, pageNonce }) => {
      if (unmounted) return;
      const { extensions, undoManager } = collabEditorSetup({
        text,
        awareness,
        labelId,
        placeholder,
        maxLength,
        readOnly,
        nonce: pageNonce(document),
        phrases: { "Control character": controlCharacter },
      });
      const view = new EditorView({ doc: text.toString(), extensions, parent });
      cleanup = () => {
        view.destroy();
        undoManager.destroy();
      };
    });
    return () => {
      unmounted = true;
      cleanup?.();
    };
  }, [text, awareness, labelId, placeholder, maxLength, readOnly, controlCharacter]);
  return (
    <div className={compact ? "field compact" : "field"}>
      <span className="field-label" id={labelId}>
        {label}
      </span>
      <div
        ref={host}
        className={compact ? "collab-editor compact" : "collab-editor"}
        data-field={testId}
        data-readonly={readOnly ? "true" : undefined}
      />
    </div>
  );
}
