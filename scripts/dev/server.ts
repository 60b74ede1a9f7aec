import { createServer, request as httpRequest } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createReadStream, existsSync, statSync } from "node:fs";
import { extname, join, resolve, sep } from "node:path";
import type { AddressInfo } from "node:net";
import { runStatusOptions } from "../../solution/model";
import { bundleBrowserScript, listSamples, readResxStrings } from "./assets";
import { formHtml } from "./form-html";
import type { FormSettings } from "./page/form";

export interface DevHostOptions {
  /** Repository root (out/, samples/, pcf-controls/ are read from it). */
  root: string;
  /** The Dataverse Web API origin the host proxies `/api/data/` to, e.g. the emulator's `http://127.0.0.1:5555`. */
  apiTarget: string;
  runId: string;
  runName: string;
  userId: string;
  userName: string;
  /** 0 picks a free port. */
  port?: number;
  /** Export sets offered for upload; default `<root>/samples`. */
  samplesDir?: string;
}

export interface DevHost {
  url: string;
  /** The Migration Run form for the run. */
  formUrl: string;
  /** The export sets the form offers for upload (labels such as `samples` and `samples/dirty`). */
  sampleSets: string[];
  close(): Promise<void>;
}

const mimeTypes: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".json": "application/json",
  ".pdf": "application/pdf",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".txt": "text/plain; charset=utf-8",
};

/** A file under `base`, or null when the path escapes it or does not exist. */
function safeFile(base: string, relativePath: string): string | null {
  const full = resolve(base, `.${sep}${decodeURIComponent(relativePath)}`);
  if (!full.startsWith(resolve(base) + sep) || !existsSync(full) || !statSync(full).isFile()) return null;
  return full;
}

function sendFile(res: ServerResponse, file: string | null, missing: string): void {
  if (!file) {
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end(missing);
    return;
  }
  res.writeHead(200, { "Content-Type": mimeTypes[extname(file).toLowerCase()] ?? "application/octet-stream", "Cache-Control": "no-store" });
  createReadStream(file).pipe(res);
}

/** Passes `/api/data/…` through to the Dataverse Web API target, keeping the browser's Host so OData links point back here. */
function proxy(target: URL, req: IncomingMessage, res: ServerResponse): void {
  const upstream = httpRequest(
    { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
    (response) => {
      res.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(res);
    },
  );
  upstream.on("error", (error) => {
    if (!res.headersSent) res.writeHead(502, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ error: { code: "0x80040216", message: `Dev host could not reach the Web API at ${target.origin}: ${error.message}` } }));
  });
  req.pipe(upstream);
}

/**
 * Serves the stand-in for the model-driven app on 127.0.0.1: the Migration Run form with the real
 * Migration Studio bundle, the real Rollback web resource, the sample exports, and the proxied Web API.
 */
export async function startDevHost(options: DevHostOptions): Promise<DevHost> {
  const target = new URL(options.apiTarget);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(target.hostname)) throw new Error(`The dev host only proxies to loopback, not ${target.hostname}.`);
  const root = options.root;
  const samplesDir = options.samplesDir ?? join(root, "samples");
  const controlDir = join(root, "out", "controls", "MigrationStudio");
  const [platformJs, formJs] = await Promise.all([
    bundleBrowserScript(join(__dirname, "page", "platform.ts"), true),
    bundleBrowserScript(join(__dirname, "page", "form.ts"), false),
  ]);
  const settings: FormSettings = {
    runId: options.runId,
    runName: options.runName,
    userId: options.userId,
    userName: options.userName,
    strings: readResxStrings(join(root, "pcf-controls", "MigrationStudio", "strings", "MigrationStudio.1033.resx")),
    statusLabels: Object.fromEntries(runStatusOptions.map((o) => [String(o.value), o.label])),
    samples: listSamples(samplesDir),
    rollbackScript: "/webresources/dxm_/scripts/rollback.js",
  };
  const formPath = `/main.aspx?etn=dxm_migrationrun&id=${options.runId}&pagetype=entityrecord`;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname;
    if (path.startsWith("/api/data/")) return proxy(target, req, res);
    if (req.method !== "GET" && req.method !== "HEAD") return void res.writeHead(405).end();
    if (path === "/") return void res.writeHead(302, { Location: formPath }).end();
    if (path === "/favicon.ico") return void res.writeHead(204).end();
    if (path === "/main.aspx") return void res.writeHead(200, { "Content-Type": mimeTypes[".html"], "Cache-Control": "no-store" }).end(formHtml(settings));
    if (path === "/platform/platform.js") return void res.writeHead(200, { "Content-Type": mimeTypes[".js"] }).end(platformJs);
    if (path === "/host/form.js") return void res.writeHead(200, { "Content-Type": mimeTypes[".js"] }).end(formJs);
    if (path === "/control/bundle.js") return sendFile(res, safeFile(controlDir, "bundle.js"), "out/controls/MigrationStudio/bundle.js is missing: run `npm run build`.");
    if (path.startsWith("/webresources/")) return sendFile(res, safeFile(join(root, "out", "webresources"), path.slice("/webresources/".length)), `${path} is missing from out/webresources: run \`npm run build\`.`);
    if (path.startsWith("/samples/")) return sendFile(res, safeFile(samplesDir, path.slice("/samples/".length)), "No such sample file.");
    res.writeHead(404, { "Content-Type": "text/plain" }).end("Not found");
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    formUrl: `${url}${formPath}`,
    sampleSets: settings.samples.map((set) => `${set.label} (${set.files.filter((f) => f.toLowerCase().endsWith(".csv")).length} files)`),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
