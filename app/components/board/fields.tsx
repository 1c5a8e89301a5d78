// Small form controls of the lesion panel. Each writes straight into the board (one Yjs
// transaction per change); a read-only board renders them disabled.
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";

export interface ChoiceOption<T extends string> {
  value: T;
  label: string;
}

/**
 * A score item or clinical choice. It starts on the explicit empty option "— non renseigné —"
 * until someone chooses (issue 10 §4); the engine scores only the items given
 * (app/domain/README.md), so "not given" never counts as a value.
 */
export function Choice<T extends string>({
  label,
  value,
  options,
  onChange,
  readOnly,
  testId,
}: {
  label: string;
  value: T | undefined;
  options: readonly ChoiceOption<T>[];
  onChange: (value: T | undefined) => void;
  readOnly: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field compact">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value ?? ""}
        disabled={readOnly}
        data-field={testId}
        onChange={(e) => onChange(options.find((o) => o.value === e.target.value)?.value)}
      >
        <option value="">{t("common.notGiven")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Yes / no / not stated, for criteria that may not have been looked at yet. */
export function TriState({
  label,
  value,
  onChange,
  readOnly,
  testId,
}: {
  label: string;
  value: boolean | undefined;
  onChange: (value: boolean | undefined) => void;
  readOnly: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Choice
      label={label}
      value={value === undefined ? undefined : value ? "yes" : "no"}
      options={[
        { value: "yes", label: t("common.yes") },
        { value: "no", label: t("common.no") },
      ]}
      onChange={(v) => onChange(v === undefined ? undefined : v === "yes")}
      readOnly={readOnly}
      testId={testId}
    />
  );
}

/**
 * A number committed when it parses and lies in range; while the field has focus the typed text
 * is kept even if someone else changes the value, so nobody's keystrokes are swallowed.
 */
export function NumberField({
  label,
  value,
  onChange,
  readOnly,
  min,
  max,
  step,
  unit,
  testId,
}: {
  label: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  readOnly: boolean;
  min: number;
  max: number;
  step?: number;
  unit?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState(value === undefined ? "" : String(value));
  const [focused, setFocused] = useState(false);
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    if (!focused) setDraft(value === undefined ? "" : String(value));
  }, [value, focused]);
  function commit(text: string) {
    const trimmed = text.trim().replace(",", ".");
    if (trimmed === "") {
      setInvalid(false);
      if (value !== undefined) onChange(undefined);
      return;
    }
    const n = Number(trimmed);
    const ok = Number.isFinite(n) && n >= min && n <= max && (step !== 1 || Number.isInteger(n));
    setInvalid(!ok);
    if (ok && n !== value) onChange(n);
  }
  return (
    <div className="field compact">
      <label htmlFor={id}>
        {label}
        {unit ? <span className="muted"> ({unit})</span> : null}
      </label>
      <input
        id={id}
        inputMode="decimal"
        value={draft}
        disabled={readOnly}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${id}-err` : undefined}
        data-field={testId}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          commit(draft);
        }}
        onChange={(e) => {
          setDraft(e.target.value);
          commit(e.target.value);
        }}
      />
      {invalid ? (
        <p className="field-error" id={`${id}-err`}>
          {t("board.fields.range", { min, max })}
        </p>
      ) : null}
    </div>
  );
}
