import { DataverseError } from "../records/errors";

/**
 * Switches that make the emulator say no, one per assumption the engine makes about an org, so a test can
 * see the engine find out and adapt. Off by default (the emulator says yes to all of them); the `strict`
 * profile turns every one on. Where each refusal's status, code and text come from is in emulator/README.md
 * ("The emulator can say no"); in short, none of them is quoted from a Microsoft page word for word: the
 * wording is chosen here unless a comment below names a source.
 */
export interface Refusals {
  /** (a) CreateMultiple / UpdateMultiple / UpsertMultiple inside a `$batch` change set are refused. */
  bulkInChangeSet?: boolean;
  /** (b) A CreateMultiple / UpsertMultiple target that deep-inserts activity parties is refused. */
  partiesInBulk?: boolean;
  /** (c) Creating metadata (a column: POST EntityDefinitions(…)/Attributes) inside a change set is refused. */
  metadataInChangeSet?: boolean;
  /**
   * (d) An update that carries the party collection adds the parties to the list instead of replacing it (no
   * error). No current Microsoft page was found that says which Dataverse does; the engine relies on "replaces".
   */
  partyUpdateAppends?: boolean;
  /** (e) `Microsoft.Dynamics.CRM.In` in a `$filter` on `sdkmessagefilters` is refused. */
  inOnMessageFilters?: boolean;
  /**
   * (f) A GET (alone or a `$batch` part) whose URL is longer than this many characters is refused (414). Microsoft
   * Learn documents Dataverse's own limits as 32,768 characters for a URL and 65,536 inside a `$batch` body
   * ("Compose HTTP requests and handle errors", "Execute batch operations using the Web API"), not the answer.
   */
  maxGetUrlLength?: number;
  /** Tables that do not take the bulk messages (their sdkmessagefilters rows are not there either). */
  noBulkTables?: string[];
  /** organization.maxuploadfilesize, bytes (the seed's is 5 MB). */
  maxUploadFileSize?: number;
  /** The `x-ms-dop-hint` sent on every response (the emulator's default is 4). */
  dopHint?: number;
}

/**
 * Every "no" at once (`dxm emulator --profile strict`). The numbers: a URL budget of 4,096 characters
 * (a gateway's, far below Dataverse's documented 32 KB, so 100-id `In` filters no longer fit), email
 * without bulk messages, a 1 MB upload limit and a parallelism hint of 2.
 */
export const STRICT_REFUSALS: Readonly<Required<Refusals>> = Object.freeze({
  bulkInChangeSet: true,
  partiesInBulk: true,
  metadataInChangeSet: true,
  partyUpdateAppends: true,
  inOnMessageFilters: true,
  maxGetUrlLength: 4096,
  noBulkTables: ["email"],
  maxUploadFileSize: 1024 * 1024,
  dopHint: 2,
});

export type Profile = "default" | "strict";

export const PROFILES: Profile[] = ["default", "strict"];

/** The refusals of a profile, with `extra` switches on top. */
export function refusalsOf(profile: Profile | undefined, extra: Refusals = {}): Refusals {
  return { ...(profile === "strict" ? STRICT_REFUSALS : {}), ...extra };
}

const FLAGS: Record<string, keyof Refusals> = {
  "bulk-in-changeset": "bulkInChangeSet",
  "parties-in-bulk": "partiesInBulk",
  "metadata-in-changeset": "metadataInChangeSet",
  "party-update-appends": "partyUpdateAppends",
  "in-on-sdkmessagefilters": "inOnMessageFilters",
};

/**
 * `dxm emulator --refuse SPEC`: comma-separated switches, e.g.
 * `bulk-in-changeset,parties-in-bulk,url-length=4096,no-bulk=email+task,max-upload=1048576,dop-hint=2`.
 */
export function parseRefusals(spec: string | undefined): Refusals {
  const out: Refusals = {};
  for (const entry of (spec ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const [name, value] = entry.split("=", 2);
    const number = () => {
      const n = Number(value);
      if (!Number.isInteger(n) || n <= 0) throw new Error(`Invalid refusal '${entry}': expected ${name}=<positive integer>`);
      return n;
    };
    if (FLAGS[name] && value === undefined) (out as Record<string, unknown>)[FLAGS[name]] = true;
    else if (name === "url-length") out.maxGetUrlLength = number();
    else if (name === "max-upload") out.maxUploadFileSize = number();
    else if (name === "dop-hint") out.dopHint = number();
    else if (name === "no-bulk" && value) out.noBulkTables = value.split("+").filter(Boolean);
    else throw new Error(`Invalid refusal '${entry}': expected one of ${[...Object.keys(FLAGS), "url-length=N", "max-upload=N", "dop-hint=N", "no-bulk=a+b"].join(", ")}`);
  }
  return out;
}

const BULK_PATH = /(?:^|\/)(?:Microsoft\.Dynamics\.CRM\.)?(CreateMultiple|UpdateMultiple|UpsertMultiple)$/;
const ATTRIBUTE_CREATE = /^EntityDefinitions\(.*\)\/Attributes$/;

/** The refusals that stand in the way of this `$batch` change-set part (method and path relative to the API root). */
export function refuseChangeSetPart(refusals: Refusals, method: string, path: string): DataverseError | undefined {
  if (method !== "POST") return undefined;
  const bulk = path.match(BULK_PATH)?.[1];
  if (bulk && refusals.bulkInChangeSet) return refusalErrors.bulkInChangeSet(bulk);
  if (refusals.metadataInChangeSet && ATTRIBUTE_CREATE.test(path)) return refusalErrors.metadataInChangeSet();
  return undefined;
}

/** Refusal of a GET whose URL (path and query as sent) is longer than the switch allows. */
export function refuseLongUrl(refusals: Refusals, method: string, url: string): DataverseError | undefined {
  if (method !== "GET" || !refusals.maxGetUrlLength || url.length <= refusals.maxGetUrlLength) return undefined;
  return refusalErrors.urlTooLong(url.length, refusals.maxGetUrlLength);
}

/** Refusal of an `In` query function in a filter on sdkmessagefilters. */
export function refuseFilter(refusals: Refusals, logicalName: string, filter: string | null): DataverseError | undefined {
  if (!refusals.inOnMessageFilters || logicalName !== "sdkmessagefilter" || !filter || !/Microsoft\.Dynamics\.CRM\.In\s*\(/.test(filter)) return undefined;
  return refusalErrors.inNotSupported();
}

/**
 * The answers. No Microsoft page found documents these refusals (README "The emulator can say no" lists
 * what was searched), so status, code and text are this project's choice: 400 with code `0x0` (a code of
 * Dataverse's own would claim more than is known), and a text that names what was refused.
 */
export const refusalErrors = {
  bulkInChangeSet: (message: string) =>
    new DataverseError(400, "0x0", `The '${message}' message cannot be executed inside a change set. Send it on its own or outside the change set.`),
  partiesInBulk: (message: string, collection: string) =>
    new DataverseError(400, "0x0", `${message} does not support related records: the navigation property '${collection}' cannot be deep-inserted. Create the records one by one or create the related records separately.`),
  metadataInChangeSet: () =>
    new DataverseError(400, "0x0", "Metadata operations cannot be executed inside a change set."),
  inNotSupported: () =>
    new DataverseError(400, "0x0", "The query function 'Microsoft.Dynamics.CRM.In' is not supported on the entity 'sdkmessagefilter'."),
  // HTTP 414 is what a web server answers to a request line that is too long (RFC 9110 §15.5.15).
  urlTooLong: (length: number, max: number) =>
    new DataverseError(414, "0x0", `The request URL is ${length} characters long; the limit is ${max}.`),
};
