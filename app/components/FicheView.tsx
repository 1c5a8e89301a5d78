// The printable fiche RCP: renders the same declarative tree the PDF is made from (pdfmake's
// content, built once by server/fiche/pdf.ts ficheDocument), so the page and the PDF cannot
// differ. Only the node kinds the fiche uses are drawn: text (with bold runs and the h1/h2
// styles), tables and bullet lists; anything else is shown as its text, never dropped silently.
import type { ReactNode } from "react";

type Node = unknown;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function inline(v: Node, key: number | string): ReactNode {
  if (typeof v === "string" || typeof v === "number") return String(v);
  if (Array.isArray(v)) return v.map((x, i) => inline(x, `${key}.${i}`));
  if (isObject(v)) {
    const inner = inline(v.text, key);
    return v.bold ? <strong key={key}>{inner}</strong> : <span key={key}>{inner}</span>;
  }
  return null;
}

function block(v: Node, key: number): ReactNode {
  if (typeof v === "string") return <p key={key}>{v}</p>;
  if (!isObject(v)) return null;
  if (isObject(v.table) && Array.isArray(v.table.body)) {
    const [head, ...rows] = v.table.body as Node[][];
    return (
      <div className="table-wrap" key={key}>
        <table className="fiche-table">
          <thead>
            <tr>
              {(head ?? []).map((c, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns of a fixed header
                <th key={i}>{inline(c, i)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows in the order the fiche prints
              <tr key={i}>
                {r.map((c, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
                  <td key={j} className="fiche-cell">
                    {inline(c, j)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  if (Array.isArray(v.ul))
    return (
      <ul key={key}>
        {v.ul.map((x, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: items in the order the fiche prints
          <li key={i}>{inline(x, i)}</li>
        ))}
      </ul>
    );
  if (v.style === "h1") return <h2 key={key}>{inline(v.text, key)}</h2>;
  if (v.style === "h2") return <h3 key={key}>{inline(v.text, key)}</h3>;
  const text = inline(v.text, key);
  const small = typeof v.fontSize === "number" && v.fontSize < 9;
  return (
    <p key={key} className={small ? "muted fiche-small" : undefined}>
      {v.bold ? <strong>{text}</strong> : text}
    </p>
  );
}

export function FicheView({ content }: { content: unknown }) {
  const nodes = Array.isArray(content) ? content : [];
  return <article className="fiche">{nodes.map((n, i) => block(n, i))}</article>;
}
