// Ids of lesions, options and assessments written by the board page. crypto.getRandomValues works
// in every context (crypto.randomUUID needs HTTPS, which a meeting-room LAN may not have).
export function newId(prefix: string): string {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  const body = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${prefix}-${body}`;
}
