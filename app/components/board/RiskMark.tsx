// A risk level drawn with colour AND shape AND text, so it reads without colour (print, colour
// blindness, a washed-out projector): high ◆, moderate ▲, low ●, not assessed ◌.
import { useTranslation } from "react-i18next";
import type { RiskLevel } from "../../domain/common";

/** SVG path of the marker shape for a level, centred on (0, 0), radius r. */
export function riskShapePath(level: RiskLevel, r: number): string {
  if (level === "high")
    return `M 0 ${-r * 1.25} L ${r * 1.25} 0 L 0 ${r * 1.25} L ${-r * 1.25} 0 Z`;
  if (level === "moderate") {
    const h = r * 1.2;
    return `M 0 ${-h} L ${h * 1.05} ${h * 0.8} L ${-h * 1.05} ${h * 0.8} Z`;
  }
  return `M ${-r} 0 A ${r} ${r} 0 1 0 ${r} 0 A ${r} ${r} 0 1 0 ${-r} 0 Z`;
}

export function RiskIcon({ level, size = 16 }: { level: RiskLevel; size?: number }) {
  const r = 6;
  return (
    <svg
      className={`risk-icon risk-${level}`}
      width={size}
      height={size}
      viewBox="-9 -9 18 18"
      aria-hidden="true"
      focusable="false"
    >
      <path d={riskShapePath(level, r)} />
    </svg>
  );
}

export function RiskBadge({ level }: { level: RiskLevel }) {
  const { t } = useTranslation();
  return (
    <span className={`risk-badge risk-${level}`} data-risk={level}>
      <RiskIcon level={level} />
      {t(`board.risk.${level}`)}
    </span>
  );
}
