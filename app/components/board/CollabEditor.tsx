// A free-text field of the live board: a label and a CodeMirror editor bound to a Y.Text, with the
// carets of the others who type in it, each with their name (decision 071). The board has no
// document before the page runs, so this never renders on the server; the view is made in
// useEffect and the host div has no React children for it to disturb.
import { EditorView } from "@codemirror/view";
import { useEffect, useId, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { collabEditorSetup, pageNonce } from "../../board/collabEditor";

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
    return () => {
      view.destroy();
      undoManager.destroy();
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
