// Always visible: whether the board is live, reconnecting, offline (edits kept in this browser)
// or closed by the server for good.
import { useTranslation } from "react-i18next";
import type { BoardConnection } from "../../board/useBoard";

export type ConnectionKind = "live" | "syncing" | "offline" | "closed";

export function connectionKind(c: BoardConnection): ConnectionKind {
  if (c.status === "closed") return "closed";
  if (c.status === "connected") return c.synced ? "live" : "syncing";
  return "offline";
}

export function ConnectionBadge({
  connection,
  onReconnect,
}: {
  connection: BoardConnection;
  onReconnect: () => void;
}) {
  const { t } = useTranslation();
  const kind = connectionKind(connection);
  const closedReason =
    connection.closeCode === 4401
      ? t("board.connection.closed4401")
      : connection.closeCode === 4403 || connection.closeCode === 4404
        ? t("board.connection.closed4403")
        : t("board.connection.closedOther", { code: connection.closeCode ?? "?" });
  return (
    <div className={`connection connection-${kind}`} role="status" data-connection={kind}>
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-text">
        <strong>{t(`board.connection.${kind}`)}</strong>
        {kind === "offline" ? <span> — {t("board.connection.offlineHelp")}</span> : null}
        {kind === "closed" ? <span> — {closedReason}</span> : null}
      </span>
      {kind === "offline" ? (
        <button type="button" className="secondary small" onClick={onReconnect}>
          {t("board.connection.retry")}
        </button>
      ) : null}
    </div>
  );
}
