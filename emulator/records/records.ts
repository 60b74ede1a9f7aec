import { randomUUID } from "node:crypto";
import type { AttributeSchema, TableSchema, Schema } from "../schema/types";
import type { Row, Store } from "../store/database";
import { normalizeDateTime, typeColumn, type SqlValue } from "../store/values";
import { isGuid, parseKey, splitEntityReference, type RecordKey } from "../odata/keys";
import { DataverseError, errors } from "./errors";
import { parsePayload, type Entity, type PendingBind } from "./payload";

export interface Caller {
  userId: string;
  businessUnitId: string;
}

export type UpsertMode = "upsert" | "createOnly" | "updateOnly";

/** Privilege checks the write paths ask for (the emulator's AccessControl); none by default. */
export interface RecordGuard {
  require(table: TableSchema, access: "Create" | "Write" | "Delete"): void;
  requirePrivilege(privilege: string, table?: TableSchema): void;
}

/**
 * Record operations with Dataverse's server-side behaviour: ids, audit columns, owner and state defaults,
 * `@odata.bind` resolution, alternate-key uniqueness, If-Match / If-None-Match, cascading deletes.
 * Callers wrap calls in a transaction (one per request or change set).
 */
export class Records {
  private version = 0;
  /** Records created, updated or deleted per table since the last reset (`/_admin/stats` `writesPerTable`): tests count writes with it. */
  readonly writes = new Map<string, number>();
  /** Checks the running user's privileges before each create, update and delete. */
  guard?: RecordGuard;
  /** Refusal (d): an update carrying the party collection adds to the list instead of replacing it. */
  partyUpdateAppends = false;
  /**
   * Delete plug-ins registered on the org (`/_admin/plugins`): a record whose id is here is refused by a
   * synchronous pre-operation step, on a client's delete, a cascade and a BulkDelete job alike.
   */
  readonly refuseDelete = new Set<string>();

  constructor(private readonly store: Store, private readonly schema: Schema, private readonly caller: () => Caller, private readonly requiredLevels: "system" | "application", private readonly maxUploadFileSize: () => number = () => 5 * 1024 * 1024) {
    const max = store.storedTables().filter((t) => t.attributes.has("versionnumber")).map((t) => (store.all(`SELECT MAX(versionnumber) AS v FROM "${t.logicalName}"`, [])[0]?.v as number | null) ?? 0);
    this.version = Math.max(0, ...max);
  }

  /** Per-table attribute lists the create path walks for every record, rebuilt when a column is added. */
  private readonly profiles = new WeakMap<TableSchema, { size: number; defaults: AttributeSchema[]; required: AttributeSchema[] }>();

  private profile(table: TableSchema): { defaults: AttributeSchema[]; required: AttributeSchema[] } {
    let p = this.profiles.get(table);
    if (!p || p.size !== table.attributes.size) {
      const all = [...table.attributes.values()];
      p = {
        size: table.attributes.size,
        defaults: all.filter((a) => a.defaultValue !== undefined),
        required: all.filter((a) => a.type !== "primarykey" && (a.requiredLevel === "SystemRequired" || (this.requiredLevels === "application" && a.requiredLevel === "ApplicationRequired"))),
      };
      this.profiles.set(table, p);
    }
    return p;
  }

  private nextVersion(): number {
    return ++this.version;
  }

  tableBySet(entitySet: string): TableSchema {
    const table = this.schema.byEntitySet.get(entitySet);
    if (!table) throw errors.resourceNotFound(entitySet);
    return table;
  }

  /** The stored row a key addresses, or undefined. */
  find(table: TableSchema, key: RecordKey): Row | undefined {
    if ("id" in key) return this.store.get(table, key.id);
    return this.store.findByKey(table, key.key);
  }

  retrieve(table: TableSchema, key: RecordKey): Row {
    const row = this.find(table, key);
    if (!row) throw "id" in key ? errors.notFound(table.logicalName, key.id) : errors.keyNotFound(table.logicalName);
    return row;
  }

  create(table: TableSchema, body: Entity, presetKey?: RecordKey): string {
    if (table.logicalName === "activitypointer") throw errors.readOnlyTable(table.logicalName);
    this.guard?.require(table, "Create");
    // Setting the original created-on date needs its own privilege (Microsoft Learn: "prvOverrideCreatedOnCreatedBy").
    if (body.overriddencreatedon !== undefined && body.overriddencreatedon !== null) this.guard?.requirePrivilege("prvOverrideCreatedOnCreatedBy", table);
    const payload = parsePayload(table, body, "create");
    const values = payload.values;
    const id = (values[table.primaryIdAttribute] as string | undefined) ?? ("id" in (presetKey ?? {}) ? (presetKey as { id: string }).id : randomUUID());
    values[table.primaryIdAttribute] = id;
    if (presetKey && "key" in presetKey) Object.assign(values, presetKey.key);
    this.applyBinds(table, values, payload.binds);
    const caller = this.caller();
    const now = normalizeDateTime(new Date().toISOString());
    const set = (name: string, value: SqlValue, type?: string) => {
      if (!table.attributes.has(name)) return;
      values[name] = value;
      if (type) values[typeColumn(name)] = type;
    };
    // Dataverse on create: createdon takes the value given in overriddencreatedon, and overriddencreatedon
    // the time the record was really created ("Date and time that the record was migrated").
    const overridden = values.overriddencreatedon as string | undefined;
    set("createdon", overridden ?? now);
    if (overridden !== undefined && overridden !== null) set("overriddencreatedon", now);
    set("modifiedon", now);
    set("versionnumber", this.nextVersion());
    set("createdby", caller.userId, "systemuser");
    set("modifiedby", caller.userId, "systemuser");
    if (table.attributes.has("ownerid")) {
      if (values.ownerid === undefined || values.ownerid === null) set("ownerid", caller.userId, "systemuser");
      const ownerType = values[typeColumn("ownerid")] as string;
      set("owninguser", ownerType === "systemuser" ? values.ownerid : null, ownerType === "systemuser" ? "systemuser" : undefined);
      set("owningteam", ownerType === "team" ? values.ownerid : null, ownerType === "team" ? "team" : undefined);
      const ownerBusinessUnit = values.ownerid === caller.userId ? caller.businessUnitId : this.businessUnitOf(values.ownerid as string, ownerType);
      set("owningbusinessunit", ownerBusinessUnit ?? caller.businessUnitId, "businessunit");
    }
    if (table.attributes.has("statecode")) {
      values.statecode ??= 0;
      if (values.statuscode === undefined || values.statuscode === null) set("statuscode", table.defaultStatus.get(values.statecode as number) ?? null);
    }
    if (table.isActivity) set("activitytypecode", table.logicalName);
    if (table.logicalName === "contact" || table.logicalName === "systemuser") {
      const full = [values.firstname, values.lastname].filter((v) => typeof v === "string" && v).join(" ");
      if (full) set("fullname", full);
    }
    for (const attribute of this.profile(table).defaults) {
      if (values[attribute.logicalName] === undefined) {
        values[attribute.logicalName] = typeof attribute.defaultValue === "boolean" ? (attribute.defaultValue ? 1 : 0) : (attribute.defaultValue ?? null);
      }
    }
    if (table.logicalName === "annotation" && typeof values.documentbody === "string") {
      const size = Buffer.byteLength(values.documentbody, "base64");
      if (size > this.maxUploadFileSize()) throw errors.fileTooLarge();
      values.filesize = size;
      values.isdocument = 1;
    }
    this.checkStatus(table, id, values.statecode, values.statuscode);
    this.checkRequired(table, values, "create");
    this.write(table, () => this.store.insert(table, values));
    this.createParties(table, id, payload.parties ?? []);
    return id;
  }

  update(table: TableSchema, row: Row, body: Entity): void {
    if (table.logicalName === "activitypointer") throw errors.readOnlyTable(table.logicalName);
    this.guard?.require(table, "Write");
    const payload = parsePayload(table, body, "update");
    // A completed or cancelled activity is read-only: only its state may change (reopening it first).
    if (table.isActivity && typeof row.statecode === "number" && row.statecode !== 0 && changesMoreThanState(payload)) {
      throw errors.closedActivity();
    }
    const values: Record<string, SqlValue> = { ...payload.values };
    delete values[table.primaryIdAttribute];
    this.applyBinds(table, values, payload.binds);
    const caller = this.caller();
    if (table.attributes.has("modifiedon")) values.modifiedon = normalizeDateTime(new Date().toISOString());
    if (table.attributes.has("versionnumber")) values.versionnumber = this.nextVersion();
    if (table.attributes.has("modifiedby")) Object.assign(values, { modifiedby: caller.userId, [typeColumn("modifiedby")]: "systemuser" });
    if (values.statecode !== undefined && values.statuscode === undefined && values.statecode !== row.statecode) {
      values.statuscode = table.defaultStatus.get(values.statecode as number) ?? null;
    }
    if (values.ownerid !== undefined) {
      const ownerType = values[typeColumn("ownerid")] as string;
      values.owninguser = ownerType === "systemuser" ? values.ownerid : null;
      values.owningteam = ownerType === "team" ? values.ownerid : null;
    }
    this.checkStatus(table, row[table.primaryIdAttribute] as string, values.statecode ?? row.statecode, values.statuscode);
    this.checkRequired(table, values, "update");
    this.write(table, () => this.store.update(table, row[table.primaryIdAttribute] as string, values));
    if (payload.parties && this.partyUpdateAppends) this.createParties(table, row[table.primaryIdAttribute] as string, payload.parties);
    else if (payload.parties) this.replaceParties(table, row[table.primaryIdAttribute] as string, payload.parties);
  }

  /** Deep insert: each party becomes an activityparty row pointing at the activity (`activityid_<table>`). */
  private createParties(table: TableSchema, activityId: string, parties: Entity[]): void {
    const partyTable = this.schema.tables.get("activityparty")!;
    for (const party of parties) this.create(partyTable, { ...party, [`activityid_${table.logicalName}@odata.bind`]: `${table.entitySetName}(${activityId})` });
  }

  /**
   * An update that carries the party collection replaces the activity's party list (the parties the
   * platform keeps itself, Regarding 8 and Owner 9, stay); one that does not carry it leaves the parties alone.
   */
  private replaceParties(table: TableSchema, activityId: string, parties: Entity[]): void {
    const partyTable = this.schema.tables.get("activityparty")!;
    const existing = this.store.all(
      `SELECT "activitypartyid" AS id FROM "activityparty" WHERE "activityid" = ? AND "${typeColumn("activityid")}" = ? AND ("participationtypemask" IS NULL OR "participationtypemask" NOT IN (8, 9))`,
      [activityId, table.logicalName],
    );
    for (const r of existing) this.store.delete(partyTable, r.id as string);
    this.createParties(table, activityId, parties);
  }

  /** PATCH semantics: update when the record exists, else create it with the key from the URL. */
  upsert(table: TableSchema, key: RecordKey, body: Entity, mode: UpsertMode, ifMatch?: string): { id: string; created: boolean } {
    const row = this.find(table, key);
    if (row) {
      if (mode === "createOnly") throw errors.alreadyExists();
      if (ifMatch && ifMatch !== "*" && ifMatch !== `W/"${row.versionnumber}"`) throw errors.etagMismatch();
      this.update(table, row, body);
      return { id: row[table.primaryIdAttribute] as string, created: false };
    }
    if (mode === "updateOnly") throw "id" in key ? errors.notFound(table.logicalName, key.id) : errors.keyNotFound(table.logicalName);
    return { id: this.create(table, body, key), created: true };
  }

  /** Deletes a record and applies every relationship's cascade-delete setting to the records that point at it. */
  delete(table: TableSchema, id: string, cascaded = false): void {
    if (table.logicalName === "activitypointer") throw errors.readOnlyTable(table.logicalName);
    if (!cascaded) this.guard?.require(table, "Delete");
    if (this.refuseDelete.has(id.toLowerCase())) throw errors.pluginRefused(`A delete plug-in refused to delete this ${table.logicalName} record (${id}).`);
    for (const rel of this.schema.relationships) {
      if (rel.referencedTable !== table.logicalName || rel.referencingTable === "activitypointer") continue;
      const referencing = this.schema.tables.get(rel.referencingTable);
      if (!referencing || !referencing.attributes.has(rel.referencingAttribute)) continue;
      const column = `"${rel.referencingAttribute}"`;
      const rows = this.store.all(
        `SELECT "${referencing.primaryIdAttribute}" AS id FROM "${referencing.logicalName}" WHERE ${column} = ? AND "${typeColumn(rel.referencingAttribute)}" = ?`,
        [id, table.logicalName],
      );
      if (!rows.length) continue;
      if (rel.cascadeDelete === "Restrict") throw errors.restrictDelete(table.logicalName, rel.name);
      for (const r of rows) {
        if (rel.cascadeDelete === "Cascade") this.delete(referencing, r.id as string, true);
        else this.store.update(referencing, r.id as string, { [rel.referencingAttribute]: null, [typeColumn(rel.referencingAttribute)]: null });
      }
    }
    this.countWrite(table);
    this.store.delete(table, id);
  }

  private countWrite(table: TableSchema): void {
    this.writes.set(table.logicalName, (this.writes.get(table.logicalName) ?? 0) + 1);
  }

  private businessUnitOf(ownerId: string, ownerType: string): string | undefined {
    const owner = this.schema.tables.get(ownerType);
    return owner ? (this.store.get(owner, ownerId)?.businessunitid as string | undefined) : undefined;
  }

  /** Resolves `nav@odata.bind` values: `/contacts(<id>)` or `/contacts(dxm_sourcekey='p:1')`. */
  private applyBinds(table: TableSchema, values: Record<string, SqlValue>, binds: PendingBind[]): void {
    for (const bind of binds) {
      if (bind.reference === null) {
        values[bind.attribute] = null;
        values[typeColumn(bind.attribute)] = null;
        continue;
      }
      const ref = splitEntityReference(bind.reference);
      const target = ref && this.schema.byEntitySet.get(ref.entitySet);
      if (!ref || !target) throw errors.badRequest(`Invalid reference '${bind.reference}' for navigation property '${bind.navigation}'.`, "0x80060888");
      if (!bind.targets.includes(target.logicalName)) {
        throw errors.badRequest(`The navigation property '${bind.navigation}' on type 'Microsoft.Dynamics.CRM.${table.logicalName}' does not refer to entity set '${ref.entitySet}'.`, "0x80060888");
      }
      const key = isGuid(ref.keyText.trim()) ? { id: ref.keyText.trim().toLowerCase() } : parseKey(ref.keyText, target);
      const row = this.find(target, key);
      if (!row) throw "id" in key ? errors.notFound(target.logicalName, key.id) : errors.keyNotFound(target.logicalName);
      values[bind.attribute] = row[target.primaryIdAttribute];
      values[typeColumn(bind.attribute)] = target.logicalName;
    }
  }

  /** A statuscode must belong to the record's statecode (status options carry their state). */
  private checkStatus(table: TableSchema, id: string, state: unknown, status: unknown): void {
    if (status === undefined || status === null) return;
    const statusOption = table.attributes.get("statuscode")?.options?.find((o) => o.value === status);
    if (statusOption?.state === undefined || statusOption.state === state) return;
    const stateLabel = table.attributes.get("statecode")?.options?.find((o) => o.value === state)?.label ?? String(state);
    throw errors.statusForState(status as number, table.logicalName, stateLabel, id);
  }

  private checkRequired(table: TableSchema, values: Record<string, SqlValue>, mode: "create" | "update"): void {
    for (const attribute of this.profile(table).required) {
      const value = values[attribute.logicalName];
      if (mode === "create" ? value === undefined || value === null || value === "" : value === null || value === "") {
        throw errors.required(attribute.logicalName, table.logicalName);
      }
    }
  }

  /** Runs a write, turning SQLite's unique-constraint failures into Dataverse's duplicate-key error. */
  private write(table: TableSchema, fn: () => void): void {
    this.countWrite(table);
    try {
      fn();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "SQLITE_CONSTRAINT_PRIMARYKEY") throw errors.duplicateId();
      if (code === "SQLITE_CONSTRAINT_UNIQUE") {
        const columns = [...String((error as Error).message).matchAll(/\.(\w+)/g)].map((m) => m[1]);
        const key = table.keys.find((k) => k.attributes.every((a) => columns.includes(a))) ?? table.keys[0];
        throw key ? errors.duplicateKey(table.logicalName, key.logicalName, key.attributes) : errors.duplicateId();
      }
      if (error instanceof DataverseError) throw error;
      throw error;
    }
  }
}

/** The update sets columns, lookups or parties besides statecode and statuscode. */
function changesMoreThanState(payload: ReturnType<typeof parsePayload>): boolean {
  const columns = Object.keys(payload.values).filter((c) => c !== "statecode" && c !== "statuscode");
  return columns.length > 0 || payload.binds.length > 0 || payload.parties !== undefined;
}
