// Who is connected: name, specialty, colour, the lesion each one has open, who presents and who
// follows.
import { useTranslation } from "react-i18next";
import { initials, type Peer } from "../../board/presence";

export function PresenceList({
  peers,
  lesionName,
  presenterClientId,
}: {
  peers: readonly Peer[];
  lesionName: (lesionId: string) => string | null;
  presenterClientId: number | null;
}) {
  const { t } = useTranslation();
  return (
    <section className="presence" aria-label={t("board.presence.title")}>
      <h2>
        {t("board.presence.title")} <span className="count">({peers.length})</span>
      </h2>
      <ul>
        {peers.map((p) => {
          const open = p.openLesionId ? lesionName(p.openLesionId) : null;
          const specialty = p.user.specialty
            ? t(`admin.specialties.${p.user.specialty}`, { defaultValue: p.user.specialty })
            : t(`admin.roles.${p.user.role}`, { defaultValue: p.user.role });
          return (
            <li key={p.clientId} data-presence-user={p.user.id} data-self={p.self || undefined}>
              <span className="avatar" style={{ background: p.user.color }} aria-hidden="true">
                {initials(p.user.name)}
              </span>
              <span className="who">
                <strong>
                  {p.user.name}
                  {p.self ? ` (${t("board.presence.you")})` : ""}
                </strong>
                <span className="muted">{specialty}</span>
                <span className="where">
                  {p.clientId === presenterClientId ? (
                    <span className="tag presenting">{t("board.presence.presenting")}</span>
                  ) : null}
                  {open
                    ? t("board.presence.viewing", { lesion: open })
                    : t("board.presence.noLesion")}
                </span>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
