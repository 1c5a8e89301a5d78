// GET /patients/:id/fe-jobs/:jobId/events — the job's progress pushed as server-sent events
// (decision 087): one `progress` event (the job's JSON view) at once and at each change of status,
// stage or percent; the stream ends after the finished state. EventSource reconnects by itself
// after a network cut and gets the state again at once.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRcp, requireUser } from "../auth.server";
import { loadFeJob, loadPatient } from "../records.server";
import { watchFeJob } from "../usecases.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const patient = loadPatient(context, params.patientId);
  requireRcp(user, patient.rcpId);
  const job = loadFeJob(context, patient.id, params.jobId);
  const encoder = new TextEncoder();
  let watcher: { stop(): void } | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        watcher?.stop();
        controller.close();
      };
      watcher = watchFeJob(context, patient.id, job.id, (view, finished) => {
        if (closed) return;
        controller.enqueue(encoder.encode(`event: progress\ndata: ${JSON.stringify(view)}\n\n`));
        // Tell EventSource not to reconnect to a finished job (it would only get the same state).
        if (finished) {
          controller.enqueue(encoder.encode("event: end\ndata: {}\n\n"));
          close();
        }
      });
      request.signal.addEventListener("abort", close);
    },
    cancel() {
      watcher?.stop();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: the compression middleware (server/app.ts) would otherwise buffer the events.
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
