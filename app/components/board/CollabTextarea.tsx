// A textarea bound to a Y.Text: local typing becomes minimal splices (with the page's origin, so
// undo covers it), remote edits update the text and keep the caret where the reader was.
import { useEffect, useId, useRef, useState } from "react";
import type * as Y from "yjs";
import { applyTextValue } from "../../board/textDiff";

function shiftForDelta(position: number, delta: Y.YTextEvent["delta"]): number {
  let index = 0;
  let caret = position;
  for (const op of delta) {
    if (op.retain !== undefined) index += op.retain;
    else if (typeof op.insert === "string") {
      if (index < caret) caret += op.insert.length;
      index += op.insert.length;
    } else if (op.delete !== undefined) {
      if (index < caret) caret -= Math.min(op.delete, caret - index);
    }
  }
  return caret;
}

export function CollabTextarea({
  text,
  origin,
  label,
  placeholder,
  maxLength,
  testId,
}: {
  text: Y.Text;
  origin: object;
  label: string;
  placeholder?: string;
  maxLength?: number;
  testId?: string;
}) {
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [value, setValue] = useState(() => text.toString());
  useEffect(() => {
    setValue(text.toString());
    const observer = (event: Y.YTextEvent) => {
      if (event.transaction.origin === origin) return;
      const el = ref.current;
      const next = text.toString();
      if (el && document.activeElement === el) {
        const start = shiftForDelta(el.selectionStart, event.delta);
        const end = shiftForDelta(el.selectionEnd, event.delta);
        setValue(next);
        requestAnimationFrame(() => el.setSelectionRange(start, end));
      } else {
        setValue(next);
      }
    };
    text.observe(observer);
    return () => text.unobserve(observer);
  }, [text, origin]);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        ref={ref}
        value={value}
        placeholder={placeholder}
        maxLength={maxLength}
        data-field={testId}
        onChange={(e) => {
          setValue(e.target.value);
          applyTextValue(text, e.target.value, origin);
        }}
      />
    </div>
  );
}
