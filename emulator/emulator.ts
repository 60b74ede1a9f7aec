import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { Schema, SolutionConnectionRole } from "./schema/types";
import { Store, type Row } from "./store/database";
import { Records, type Caller } from "./records/records";
import { DataverseError, errors } from "./records/errors";
import { route } from "./api/router";
import { executeBatch, errorResponse } from "./api/batch";
import type { ApiContext, ApiRequest, ApiResponse } from "./api/types";
import { Workers } from "./limits/capacity";
import { AnnotationUploads } from "./messages/annotation-upload";
import { BULK_MESSAGES } from "./messages/bulk";
import { DOCUMENTED_LIMITS, throttleErrors, type ServiceProtectionLimits } from "./limits/service-protection";
import { WebServers } from "./limits/servers";
import { costOf, DOCUMENTED_COST, type CostModel } from "./limits/cost-model";
import { batchTables, isWriteMethod, parseFaults, pickFault, type FaultRule, type FaultSpec } from "./limits/faults";
import { applySeed } from "./seed/apply-seed";
import { refusalsOf, refuseLongUrl, type Profile, type Refusals } from "./limits/refusals";
import { adminEndpoint, type AdminTarget } from "./admin/endpoints";
import { defaultSeed, seedSecurity, type SeedData } from "./seed/default-seed";
import { SecurityRoles } from "./security/roles";
import { AccessControl } from "./security/access";
import { identify } from "./security/identity";

/** The `x-ms-dop-hint` the emulator sends unless told otherwise: the parallelism it recommends. */
export const DEFAULT_DOP_HINT = 4;

export interface EmulatorSettings {
  schema: Schema;
  dataFile?: string;
  seed?: SeedData;
  limits?: "documented" | "off" | ServiceProtectionLimits;
  timeScale?: number;
  faults?: FaultSpec;
  costModel?: CostModel | "documented" | "off";
  bulkTables?: string[];
  /** "system" (Dataverse: only SystemRequired is enforced by the API) or "application" (also Business required). */
  requiredLevels?: "system" | "application";
  /** Random source for fault injection (tests pass a deterministic one). */
  random?: () => number;
  /** `x-ms-dop-hint` sent on every response: the degree of parallelism the server recommends. */
  dopHint?: number;
  /**
   * With the cost model on: how many requests the environment serves at once (its allocated servers);
   * requests beyond it wait in line, still counting toward the concurrency limit. `x-ms-dop-hint` by default,
   * since that is how Dataverse tells clients the parallelism its resources support.
   */
  capacity?: number;
  /** How many asynchronous system jobs (BulkDelete) the org runs at once; `capacity` by default. */
  asyncCapacity?: number;
  /**
   * Bearer token → systemuserid (or the user's email), for tokens that are not JWTs. Without it, such a token runs as the default
   * caller; with it, an unlisted one is refused (401). JWT-shaped tokens name their user by the `oid` claim.
   */
  tokens?: Record<string, string>;
  /** `strict`: every refusal of limits/refusals.ts at once (the org says no to each assumption the engine makes). */
  profile?: Profile;
  /** Refusals one by one (on top of the profile's). */
  refusals?: Refusals;
  /**
   * Web servers behind the affinity cookie (`ARRAffinity`), each with its own per-user service-protection
   * windows (limits/servers.ts). Default 1 (a trial). The capacity stays the environment's, shared by all.
   */
  servers?: number;
}

export interface EmulatorStats {
  requests: number;
  operations: number;
  throttles: number;
  faults: number;
  rowsPerTable: Record<string, number>;
  /** Records created, updated or deleted per table since start or the last reset (a change set rolled back included). */
  writesPerTable: Record<string, number>;
  /** Requests that carried MSCRM.BypassBusinessLogicExecution (or MSCRM.BypassCustomPluginExecution) and were allowed. */
  bypassRequests: number;
  /** Requests and service-protection 429s per web server (in server order). */
  servers: { requests: number; throttles: number }[];
}

/** Tables that support the bulk messages by default: the standard tables the migration writes and every custom table. */
function defaultBulkTables(schema: Schema): string[] {
  const standard = ["account", "contact", "task", "phonecall", "email", "appointment", "connection", "annotation"];
  return [...schema.tables.values()].filter((t) => t.isCustom || standard.includes(t.logicalName)).map((t) => t.logicalName);
}

/**
 * Connection roles the solution ships are installed with it (their ids from customizations.xml); the seed's
 * roles of the same name give way to them.
 */
function withSolutionConnectionRoles(seed: SeedData, roles: SolutionConnectionRole[]): SeedData {
  if (!roles.length) return seed;
  const names = new Set(roles.map((r) => r.name.toLowerCase()));
  const seeded = (seed.records.connectionrole ?? []).filter((r) => !names.has(String(r.name).toLowerCase()));
  const installed = roles.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
  return { ...seed, records: { ...seed.records, connectionrole: [...seeded, ...installed] } };
}

const API_PREFIX = /^\/api\/data\/v9\.[0-2]\//;

/** The emulator's state and request pipeline, independent of the listening socket. */
export class Emulator implements AdminTarget {
  readonly store: Store;
  readonly schema: Schema;
  readonly records: Records;
  readonly context: ApiContext;
  private readonly uploads = new AnnotationUploads();
  private readonly limits?: ServiceProtectionLimits;
  private readonly servers: WebServers;
  private serverRequests: number[];
  private readonly cost?: CostModel;
  private faults: FaultRule[];
  private readonly seed: SeedData;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly snapshots = new Map<string, Record<string, Row[]>>();
  private snapshotCounter = 0;
  private counters = { requests: 0, operations: 0, throttles: 0, faults: 0 };
  readonly timeScale: number;
  private readonly random: () => number;
  private readonly dopHint: number;
  private readonly workers?: Workers;
  readonly access: AccessControl;
  private readonly tokens?: Record<string, string>;
  readonly refusals: Refusals;
  baseUrl = "";

  constructor(settings: EmulatorSettings) {
    this.schema = settings.schema;
    this.seed = withSolutionConnectionRoles(settings.seed ?? defaultSeed, settings.schema.connectionRoles);
    this.timeScale = settings.timeScale && settings.timeScale > 0 ? settings.timeScale : 1;
    this.random = settings.random ?? Math.random;
    this.refusals = refusalsOf(settings.profile, settings.refusals);
    this.dopHint = settings.dopHint ?? this.refusals.dopHint ?? DEFAULT_DOP_HINT;
    this.store = new Store(this.schema, settings.dataFile);
    this.tokens = settings.tokens;
    const security = seedSecurity(this.seed);
    this.access = new AccessControl(this.schema, new SecurityRoles(this.schema, security.roles, this.schema.securityRoles, security.userRoles));
    const caller = (): Caller => {
      const userId = this.access.caller ?? this.seed.callerId;
      return { userId, businessUnitId: this.businessUnitOf(userId) };
    };
    this.records = new Records(this.store, this.schema, caller, settings.requiredLevels ?? "system", () => this.maxUploadFileSize());
    this.records.guard = this.access;
    this.records.partyUpdateAppends = this.refusals.partyUpdateAppends ?? false;
    const limits = settings.limits === "documented" ? DOCUMENTED_LIMITS : settings.limits === "off" || settings.limits === undefined ? undefined : settings.limits;
    this.limits = limits;
    this.servers = new WebServers(settings.servers ?? 1, limits, this.timeScale);
    this.serverRequests = Array.from({ length: this.servers.count }, () => 0);
    this.cost = settings.costModel === "documented" ? DOCUMENTED_COST : settings.costModel === "off" || settings.costModel === undefined ? undefined : settings.costModel;
    this.faults = parseFaults(settings.faults);
    if (this.cost) this.workers = new Workers(settings.capacity ?? this.dopHint);
    const baseUrl = () => this.baseUrl;
    this.context = {
      store: this.store,
      schema: this.schema,
      records: this.records,
      caller,
      access: this.access,
      organizationId: this.seed.organization.organizationid,
      get apiBase() { return `${baseUrl()}/api/data/v9.2/`; },
      bulkTables: new Set((settings.bulkTables ?? defaultBulkTables(this.schema)).filter((t) => !(this.refusals.noBulkTables ?? []).includes(t))),
      timeScale: this.timeScale,
      handle: (request) => route(this.context, this.uploads, request),
      defer: (fn, ms) => {
        const timer = setTimeout(() => { this.timers.delete(timer); fn(); }, ms / this.timeScale);
        this.timers.add(timer);
      },
      cost: this.cost,
      asyncJobs: new Workers(settings.asyncCapacity ?? settings.capacity ?? this.dopHint),
      maxUploadFileSize: () => this.maxUploadFileSize(),
      refusals: this.refusals,
    };
    this.seedMessageFilters();
    if (!this.store.all(`SELECT 1 FROM "organization" LIMIT 1`, []).length) applySeed(this.store, this.schema, this.records, this.seed);
    this.applyUploadLimit();
  }

  /** Refusal: a lower MaxUploadFileSize, set on the organization row the engine reads it from. */
  private applyUploadLimit(): void {
    if (this.refusals.maxUploadFileSize) this.store.db.prepare(`UPDATE "organization" SET "maxuploadfilesize" = ?`).run(this.refusals.maxUploadFileSize);
  }

  private readonly businessUnits = new Map<string, string>();

  /** A user's business unit, read once per user (and again after a reset or restore). */
  private businessUnitOf(userId: string): string {
    const cached = this.businessUnits.get(userId);
    if (cached) return cached;
    const user = this.schema.tables.get("systemuser");
    const found = user && (this.store.get(user, userId)?.businessunitid as string | undefined);
    if (found) this.businessUnits.set(userId, found);
    return found ?? "00000000-0000-0000-0000-000000000000";
  }

  /** The systemuser a token's `oid` claim names (its azureactivedirectoryobjectid). */
  private userByObjectId(oid: string): string | undefined {
    const row = this.store.all(`SELECT "systemuserid" AS id FROM "systemuser" WHERE lower("azureactivedirectoryobjectid") = ? LIMIT 1`, [oid.toLowerCase()])[0];
    return row?.id as string | undefined;
  }

  /** The systemuser with this internalemailaddress (a `tokens` entry may name its user by email). */
  private userByEmail(email: string): string | undefined {
    const row = this.store.all(`SELECT "systemuserid" AS id FROM "systemuser" WHERE lower("internalemailaddress") = ? LIMIT 1`, [email.trim().toLowerCase()])[0];
    return row?.id as string | undefined;
  }

  private isDisabled(userId: string): boolean {
    const row = this.store.all(`SELECT "isdisabled" AS d FROM "systemuser" WHERE "systemuserid" = ? LIMIT 1`, [userId])[0];
    return row?.d === 1;
  }

  private maxUploadFileSize(): number {
    const row = this.store.all(`SELECT maxuploadfilesize FROM "organization" LIMIT 1`, [])[0];
    return (row?.maxuploadfilesize as number | undefined) ?? 5 * 1024 * 1024;
  }

  /** sdkmessages and sdkmessagefilters rows for the bulk messages, one filter per table that supports them. */
  private seedMessageFilters(): void {
    const messages = this.schema.tables.get("sdkmessage")!;
    const filters = this.schema.tables.get("sdkmessagefilter")!;
    this.store.transaction(() => {
      this.store.db.exec(`DELETE FROM "sdkmessagefilter"; DELETE FROM "sdkmessage";`);
      BULK_MESSAGES.forEach((name, i) => {
        const messageId = `00000000-0000-0000-0001-${String(i + 1).padStart(12, "0")}`;
        this.store.insert(messages, { sdkmessageid: messageId, name, versionnumber: 0 });
        let n = 0;
        for (const table of this.context.bulkTables) {
          this.store.insert(filters, {
            sdkmessagefilterid: `00000000-0000-0000-${String(i + 2).padStart(4, "0")}-${String(++n).padStart(12, "0")}`,
            name, primaryobjecttypecode: table, isvisible: 1, iscustomprocessingstepallowed: 1, sdkmessageid: messageId, sdkmessageid__type: "sdkmessage", versionnumber: 0,
          });
        }
      });
    });
  }

  stats(): EmulatorStats {
    const rowsPerTable = Object.fromEntries(Object.entries(this.store.rowCounts()).filter(([, n]) => n > 0));
    const servers = this.serverRequests.map((requests, i) => ({ requests, throttles: this.servers.throttles[i] }));
    return { ...this.counters, rowsPerTable, writesPerTable: Object.fromEntries(this.records.writes), bypassRequests: this.access.bypassRequests, servers };
  }

  /**
   * Every user's service protection windows as if nothing had been sent for a window (5 minutes), the data
   * kept: the bench starts each workload as the limits' bounds assume, as the migration starts after `reset`.
   */
  clearWindows(): void {
    this.servers.reset();
  }

  reset(): void {
    this.businessUnits.clear();
    this.access.bypassRequests = 0;
    this.store.load({});
    this.seedMessageFilters();
    applySeed(this.store, this.schema, this.records, this.seed);
    this.applyUploadLimit();
    this.uploads.clear();
    this.servers.reset();
    this.serverRequests.fill(0);
    this.counters = { requests: 0, operations: 0, throttles: 0, faults: 0 };
    this.records.writes.clear();
  }

  dump(): Record<string, Row[]> {
    return this.store.dump();
  }

  snapshot(): string {
    const id = String(++this.snapshotCounter);
    this.snapshots.set(id, this.store.dump());
    return id;
  }

  restore(id: string): boolean {
    const rows = this.snapshots.get(id);
    if (!rows) return false;
    this.store.load(rows);
    this.businessUnits.clear();
    return true;
  }

  setFaults(spec: FaultSpec | undefined): void {
    this.faults = parseFaults(spec);
  }

  setDeletePlugins(refuse: string[]): void {
    this.records.refuseDelete.clear();
    for (const id of refuse) this.records.refuseDelete.add(id.toLowerCase());
  }

  /**
   * Runs a Web API request as `userId` (default: the seed's caller): one SQL transaction, or `$batch` with one
   * per change set.
   */
  execute(request: ApiRequest, rawBody: string, userId: string = this.seed.callerId): ApiResponse {
    try {
      return this.access.runAs(userId, () => {
        if (request.path === "$batch") {
          if (request.method !== "POST") throw errors.badRequest("$batch requires POST.");
          this.access.checkBypass(request.headers);
          return executeBatch(this.context, request, rawBody);
        }
        return this.store.transaction(() => this.context.handle(request));
      });
    } catch (error) {
      if (!(error instanceof DataverseError)) process.stderr.write(`emulator: ${(error as Error).stack ?? String(error)}\n`);
      return errorResponse(error);
    }
  }

  async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname.startsWith("/_admin/")) return send(res, adminEndpoint(this, req.method ?? "GET", url.pathname.slice("/_admin/".length), rawBody));
    if (!API_PREFIX.test(url.pathname)) return send(res, errorResponse(errors.resourceNotFound(url.pathname)));
    const tooLong = refuseLongUrl(this.refusals, req.method ?? "GET", req.url ?? "");
    if (tooLong) return send(res, errorResponse(tooLong));

    this.counters.requests++;
    const path = decodeURIComponent(url.pathname.replace(API_PREFIX, ""));
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v ?? ""]));
    const identity = identify(headers.authorization, { tokens: this.tokens, defaultUserId: this.seed.callerId, userByObjectId: (oid) => this.userByObjectId(oid), userByEmail: (email) => this.userByEmail(email) });
    if ("unauthenticated" in identity) {
      res.writeHead(401, { "WWW-Authenticate": `Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize`, "Content-Length": "0" });
      res.end();
      return;
    }
    if ("refused" in identity) return send(res, errorResponse(identity.refused));
    const userId = identity.userId;
    if (headers.authorization && this.isDisabled(userId)) return send(res, errorResponse(errors.userDisabled(userId, this.seed.organization.organizationid)));
    // The load balancer: the server the affinity cookie names, else the next in turn; each has its own windows.
    const server = this.servers.route(headers.cookie);
    this.serverRequests[server]++;
    const protection = this.servers.protection(server);
    // Only an environment of several servers answers with an affinity cookie here (Dataverse sends one always;
    // with one server it changes nothing, and the single-server emulator's answers stay as they were).
    const affinity: Record<string, string> = this.servers.count > 1 ? { "Set-Cookie": this.servers.setCookie(server) } : {};
    if (protection) {
      try {
        protection.admit(userId);
      } catch (error) {
        this.counters.throttles++;
        this.servers.throttles[server]++;
        const refused = errorResponse(error);
        return send(res, { ...refused, headers: { ...refused.headers, ...affinity } });
      }
    }
    let executionMs = 0;
    try {
      const entitySet = path.match(/^([A-Za-z_]\w*)/)?.[1] ?? "";
      const touched = path === "$batch" && this.faults.length > 0 ? batchTables(rawBody) : [{ set: entitySet, write: isWriteMethod(req.method ?? "GET") }];
      const fault = pickFault(this.faults, touched.map(({ set, write }) => ({ names: [set, this.schema.byEntitySet.get(set)?.logicalName ?? ""], write })), this.random);
      if (fault) this.counters.faults++;
      if (fault === "429") {
        this.counters.throttles++;
        return send(res, errorResponse(throttleErrors.requests(this.limits ?? { requests: 6000, executionMs: 1_200_000, concurrent: 52, windowMs: 300_000 }, 1)));
      }
      if (fault === "503") return send(res, errorResponse(errors.unavailable()));
      if (fault === "500") return send(res, errorResponse(errors.unexpected()));
      if (fault === "502html") {
        res.writeHead(502, { "Content-Type": "text/html" });
        res.end("<!DOCTYPE html>\n<html><head><title>502 - Web server received an invalid response</title></head><body><h1>Server Error</h1><h2>502 - Web server received an invalid response while acting as a gateway or proxy server.</h2></body></html>\n");
        return;
      }
      if (fault === "401") {
        res.writeHead(401, { "WWW-Authenticate": `Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize`, "Content-Length": "0" });
        res.end();
        return;
      }
      if (fault === "timeout") {
        // Dataverse gives up on a request after 2 minutes; the connection is closed without an answer.
        await this.sleep(120_000 / this.timeScale);
        req.socket.destroy();
        return;
      }
      let body: unknown;
      if (rawBody && !(headers["content-type"] ?? "").startsWith("multipart/")) {
        try {
          body = JSON.parse(rawBody);
        } catch {
          return send(res, errorResponse(errors.payload(entitySet, "The request body is not valid JSON.")));
        }
      }
      await this.workers?.acquire();
      let response: ApiResponse;
      try {
        const started = performance.now();
        response = this.execute({ method: req.method ?? "GET", path, query: url.searchParams, headers, body }, rawBody, userId);
        const operations = response.operations ?? 0;
        this.counters.operations += operations;
        const cost = costOf(this.cost, Math.max(operations, 1), response.bulkOperations);
        const elapsed = performance.now() - started;
        executionMs = this.cost ? cost.executionMs : elapsed;
        // The modelled latency is the request's whole time on the server, its real work (SQLite, JSON) included:
        // only what is left of it is waited. Adding it on top would charge the emulator's own CPU to the client
        // and make the cost model's bound unreachable by construction.
        const remaining = cost.latencyMs / this.timeScale - elapsed;
        if (remaining > 0) await this.sleep(remaining);
      } finally {
        this.workers?.release();
      }
      // A dropped connection after the write landed: the client cannot tell whether it did.
      if (fault === "drop") {
        req.socket.destroy();
        return;
      }
      // Committed, and no answer ever comes (the client gives up by its own timeout, or is killed meanwhile).
      if (fault === "stall") return;
      const serviceHeaders = { "x-ms-dop-hint": String(this.dopHint), ...affinity, ...(protection?.remainingHeaders(userId) ?? {}) };
      send(res, { ...response, headers: { ...response.headers, ...serviceHeaders } });
    } finally {
      protection?.finish(userId, executionMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.timers.delete(timer); resolve(); }, ms);
      this.timers.add(timer);
    });
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.store.close();
  }
}

function send(res: ServerResponse, response: ApiResponse): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { "OData-Version": "4.0", ...response.headers };
  const body = response.body === undefined ? undefined : typeof response.body === "string" ? response.body : JSON.stringify(response.body);
  if (body !== undefined && !headers["Content-Type"]) headers["Content-Type"] = "application/json; odata.metadata=minimal";
  res.writeHead(response.status, headers);
  res.end(body);
}
