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

/**
 * A score item that is the same fact as another input (app/domain/risk/facts.ts, decision 073):
 * its empty option is the derived value ("— déduit : oui —"); choosing a value stores the
 * clinician's override, which a later change of the source fact never rewrites; choosing the
 * empty option again clears it and goes back to the derived value.
 */
export function DerivedChoice<T extends string>({
  label,
  override,
  derived,
  source,
  options,
  onChange,
  readOnly,
  testId,
}: {
  label: string;
  override: T | undefined;
  derived: T | undefined;
  /** What it is derived from, in words ("la taille (plus grand axe)"). */
  source: string;
  options: readonly ChoiceOption<T>[];
  onChange: (value: T | undefined) => void;
  readOnly: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const nameOf = (v: T) => options.find((o) => o.value === v)?.label ?? v;
  const origin = override !== undefined ? "override" : derived !== undefined ? "derived" : "none";
  const note =
    origin === "derived"
      ? t("board.derived.derivedFrom", { source })
      : origin === "none"
        ? t("board.derived.notYet", { source })
        : derived === undefined
          ? t("board.derived.overriddenNoDerived", { source })
          : t("board.derived.overridden", { source, value: nameOf(derived) });
  return (
    <div
      className="field compact derived"
      data-derived-field={testId}
      data-origin={origin}
      data-effective={override ?? derived ?? ""}
    >
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={override ?? ""}
        disabled={readOnly}
        data-field={testId}
        aria-describedby={`${id}-note`}
        onChange={(e) => onChange(options.find((o) => o.value === e.target.value)?.value)}
      >
        <option value="">
          {derived === undefined
            ? t("common.notGiven")
            : t("board.derived.option", { value: nameOf(derived) })}
        </option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <p className="muted small" id={`${id}-note`}>
        {note}
      </p>
    </div>
  );
}

/** Yes/no of a derived criterion, as a DerivedChoice. */
export function DerivedYesNo({
  override,
  derived,
  onChange,
  ...rest
}: {
  label: string;
  override: boolean | undefined;
  derived: boolean | undefined;
  source: string;
  onChange: (value: boolean | undefined) => void;
  readOnly: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const yn = (v: boolean | undefined) => (v === undefined ? undefined : v ? "yes" : "no");
  return (
    <DerivedChoice
      {...rest}
      override={yn(override)}
      derived={yn(derived)}
      options={[
        { value: "yes", label: t("common.yes") },
        { value: "no", label: t("common.no") },
      ]}
      onChange={(v) => onChange(v === undefined ? undefined : v === "yes")}
    />
  );
}
