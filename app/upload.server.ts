// A multipart upload streamed to a temporary folder with a size limit (the CT import, decision
// 083): busboy parses the body as it arrives, each file part is written to disk under a name of
// our own (never the browser's), and the whole upload is refused past the limit (413) or when
// malformed (400). The caller removes the folder when done (`discardUpload`).
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { json } from "@remix-run/node";
import busboy from "busboy";
import type { UploadedFile } from "./usecases.server";

export interface ReceivedUpload {
  dir: string;
  files: UploadedFile[];
}

/** At most this many parts: a CT series is up to ~2000 slice files. */
const MAX_FILES = 4000;

const tooLarge = (maxBytes: number) =>
  json(
    {
      errors: [
        {
          field: "file",
          fr: `Envoi trop volumineux (plus de ${maxBytes} octets).`,
          en: `Upload too large (over ${maxBytes} bytes).`,
        },
      ],
    },
    { status: 413 },
  );

const malformed = () =>
  json(
    {
      errors: [
        {
          field: "file",
          fr: "Envoi illisible : un formulaire multipart avec des fichiers est attendu.",
          en: "Unreadable upload: a multipart form with files is expected.",
        },
      ],
    },
    { status: 400 },
  );

export function discardUpload(upload: ReceivedUpload): void {
  rmSync(upload.dir, { recursive: true, force: true });
}

/** Streams the request's file parts to disk; throws a 413 or 400 Response, leaving nothing. */
export async function receiveUpload(request: Request, maxBytes: number): Promise<ReceivedUpload> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!request.body || !contentType.toLowerCase().startsWith("multipart/form-data")) {
    throw malformed();
  }
  const dir = mkdtempSync(path.join(tmpdir(), "osteoboard-upload-"));
  const upload: ReceivedUpload = { dir, files: [] };
  let received = 0;
  let over = false;
  const writes: Promise<void>[] = [];
  try {
    const parser = busboy({
      headers: { "content-type": contentType },
      limits: { fileSize: maxBytes, files: MAX_FILES, fields: 20, parts: MAX_FILES + 20 },
    });
    parser.on("file", (_field, stream, info) => {
      const target = path.join(dir, String(upload.files.length));
      upload.files.push({ name: info.filename ?? "", path: target });
      const out = createWriteStream(target);
      writes.push(
        new Promise<void>((resolve, reject) => {
          out.on("finish", resolve);
          out.on("error", reject);
        }),
      );
      stream.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) over = true;
        // Past the limit the bytes are read (so the client gets its 413) but written nowhere.
        if (over) return;
        if (!out.write(chunk)) {
          stream.pause();
          out.once("drain", () => stream.resume());
        }
      });
      stream.on("limit", () => {
        over = true;
      });
      stream.on("end", () => out.end());
    });
    parser.on("filesLimit", () => {
      over = true;
    });
    await pipeline(Readable.fromWeb(request.body as NodeReadableStream), parser);
    await Promise.all(writes);
  } catch (error) {
    discardUpload(upload);
    if (error instanceof Response) throw error;
    throw over ? tooLarge(maxBytes) : malformed();
  }
  if (over) {
    discardUpload(upload);
    throw tooLarge(maxBytes);
  }
  if (upload.files.length === 0) {
    discardUpload(upload);
    throw malformed();
  }
  return upload;
}
