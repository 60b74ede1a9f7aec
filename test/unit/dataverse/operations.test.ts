import { bulkActionPath, bulkDeletePayload, bulkPayload, bulkSupportByTablePath, bulkSupportQueryPath, idsFromBulkResponse, newColumnPayload, publishXml, toAsyncJobStatus, toEntityMetadata, optionsOf } from "../../../dataverse";

describe("bulk messages", () => {
  it("builds the CreateMultiple request Microsoft documents", () => {
    expect(bulkActionPath("sample_examples", "CreateMultiple")).toBe("sample_examples/Microsoft.Dynamics.CRM.CreateMultiple");
    const payload = bulkPayload("sample_example", [{ sample_name: "sample record 0000001" }, { sample_name: "sample record 0000002" }, { sample_name: "sample record 0000003" }]);
    expect(payload).toEqual({
      Targets: [
        { sample_name: "sample record 0000001", "@odata.type": "Microsoft.Dynamics.CRM.sample_example" },
        { sample_name: "sample record 0000002", "@odata.type": "Microsoft.Dynamics.CRM.sample_example" },
        { sample_name: "sample record 0000003", "@odata.type": "Microsoft.Dynamics.CRM.sample_example" },
      ],
    });
  });

  it("reads the ids of Microsoft's documented CreateMultiple response in order", () => {
    const response = {
      "@odata.context": "https://org.example.crm.dynamics.com/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.CreateMultipleResponse",
      Ids: ["8f4c3f92-312b-ee11-bdf4-000d3a993550", "904c3f92-312b-ee11-bdf4-000d3a993550", "914c3f92-312b-ee11-bdf4-000d3a993550"],
    };
    expect(idsFromBulkResponse(response)).toEqual(response.Ids);
    expect(idsFromBulkResponse(undefined)).toEqual([]);
  });

  it("asks sdkmessagefilters the way Microsoft documents", () => {
    const path = bulkSupportQueryPath("dxm_appointment", "UpsertMultiple");
    expect(decodeURIComponent(path)).toBe("sdkmessagefilters?$select=sdkmessagefilterid&$filter=sdkmessageid/name eq 'UpsertMultiple' and primaryobjecttypecode eq 'dxm_appointment'");
  });

  it("asks for several tables at once with or-ed comparisons (no In function: not every org takes it on sdkmessagefilters), naming the table of each filter", () => {
    const path = bulkSupportByTablePath(["contact", "dxm_appointment"], "CreateMultiple");
    expect(decodeURIComponent(path)).toBe(
      "sdkmessagefilters?$select=primaryobjecttypecode&$filter=sdkmessageid/name eq 'CreateMultiple' and (primaryobjecttypecode eq 'contact' or primaryobjecttypecode eq 'dxm_appointment')",
    );
  });
});

describe("metadata", () => {
  it("turns EntityDefinitions and option-set responses into plain table metadata", () => {
    const raw = {
      LogicalName: "dxm_appointment", EntitySetName: "dxm_appointments", PrimaryIdAttribute: "dxm_appointmentid", PrimaryNameAttribute: "dxm_name", IsCustomEntity: true,
      Attributes: [
        { "@odata.type": "#Microsoft.Dynamics.CRM.StringAttributeMetadata", LogicalName: "dxm_name", AttributeType: "String", MaxLength: 200, RequiredLevel: { Value: "ApplicationRequired", CanBeChanged: true }, IsValidForCreate: true, IsValidForUpdate: true },
        { LogicalName: "dxm_status", AttributeType: "Picklist", RequiredLevel: { Value: "None" } },
        { LogicalName: "dxm_patientid", AttributeType: "Lookup", Targets: ["contact"], RequiredLevel: { Value: "SystemRequired" } },
        { LogicalName: "dxm_start", AttributeType: "DateTime", DateTimeBehavior: { Value: "TimeZoneIndependent" } },
        { LogicalName: "dxm_confirmed", AttributeType: "Boolean" },
      ],
      Keys: [{ LogicalName: "dxm_sourcekey_key", KeyAttributes: ["dxm_sourcekey"] }],
    };
    const optionAttributes = [
      { LogicalName: "dxm_status", OptionSet: { Options: [{ Value: 724100000, Label: { UserLocalizedLabel: { Label: "Scheduled" } } }, { Value: 724100001, Label: { LocalizedLabels: [{ Label: "Completed" }] } }] } },
      { LogicalName: "dxm_confirmed", OptionSet: { TrueOption: { Value: 1, Label: { UserLocalizedLabel: { Label: "Yes" } } }, FalseOption: { Value: 0, Label: { UserLocalizedLabel: { Label: "No" } } } } },
    ];
    const metadata = toEntityMetadata(raw, optionAttributes);
    expect(metadata).toMatchObject({ LogicalName: "dxm_appointment", EntitySetName: "dxm_appointments", PrimaryIdAttribute: "dxm_appointmentid", IsCustomEntity: true, Keys: raw.Keys });
    const byName = Object.fromEntries(metadata.Attributes.map((a) => [a.LogicalName, a]));
    expect(byName.dxm_name).toEqual({ LogicalName: "dxm_name", AttributeType: "String", MaxLength: 200, RequiredLevel: "ApplicationRequired", IsValidForCreate: true, IsValidForUpdate: true });
    expect(byName.dxm_status.Options).toEqual([{ Value: 724100000, Label: "Scheduled" }, { Value: 724100001, Label: "Completed" }]);
    expect(byName.dxm_patientid).toMatchObject({ Targets: ["contact"], RequiredLevel: "SystemRequired" });
    expect(byName.dxm_start.DateTimeBehavior).toBe("TimeZoneIndependent");
    expect(byName.dxm_confirmed.Options).toEqual([{ Value: 0, Label: "No" }, { Value: 1, Label: "Yes" }]);
    expect(optionsOf({ LogicalName: "x", GlobalOptionSet: { Options: [{ Value: 1 }] } })).toEqual([{ Value: 1, Label: "" }]);
  });

  it("creates each column kind with its metadata @odata.type", () => {
    const types = (["string", "memo", "integer", "decimal", "money", "boolean", "datetime"] as const).map((type) => newColumnPayload({ table: "contact", logicalName: "dxm_x", displayName: "X", type })["@odata.type"]);
    expect(types).toEqual([
      "Microsoft.Dynamics.CRM.StringAttributeMetadata", "Microsoft.Dynamics.CRM.MemoAttributeMetadata", "Microsoft.Dynamics.CRM.IntegerAttributeMetadata",
      "Microsoft.Dynamics.CRM.DecimalAttributeMetadata", "Microsoft.Dynamics.CRM.MoneyAttributeMetadata", "Microsoft.Dynamics.CRM.BooleanAttributeMetadata",
      "Microsoft.Dynamics.CRM.DateTimeAttributeMetadata",
    ]);
    const text = newColumnPayload({ table: "contact", logicalName: "dxm_chartno", displayName: "Chart number", type: "string", maxLength: 40 });
    expect(text).toMatchObject({ SchemaName: "dxm_chartno", AttributeType: "String", MaxLength: 40, RequiredLevel: { Value: "None" } });
    expect(text.DisplayName).toMatchObject({ LocalizedLabels: [{ Label: "Chart number", LanguageCode: 1033 }] });
  });

  it("publishes the named tables, XML-escaped", () => {
    expect(publishXml(["contact", "dxm_appointment"])).toBe("<importexportxml><entities><entity>contact</entity><entity>dxm_appointment</entity></entities></importexportxml>");
    expect(publishXml(["a<b"])).toContain("<entity>a&lt;b</entity>");
  });
});

describe("BulkDelete and async jobs", () => {
  it("builds the BulkDelete parameters with a QueryExpression", () => {
    const payload = bulkDeletePayload(
      { name: "Rollback run 7", table: "contact", conditions: [{ attribute: "dxm_migrationrunid", operator: "eq", values: ["7D4C3F92-312B-EE11-BDF4-000D3A993550"] }, { attribute: "dxm_sourcekey", operator: "in", values: ["patient:1", "patient:2"] }] },
      new Date("2026-11-29T10:00:00Z"),
    );
    expect(payload).toMatchObject({ JobName: "Rollback run 7", SendEmailNotification: false, ToRecipients: [], CCRecipients: [], RecurrencePattern: "", StartDateTime: "2026-11-29T10:00:00.000Z" });
    const query = (payload.QuerySet as Record<string, unknown>[])[0];
    expect(query).toMatchObject({ "@odata.type": "Microsoft.Dynamics.CRM.QueryExpression", EntityName: "contact", ColumnSet: { AllColumns: false, Columns: [] } });
    expect((query.Criteria as { Conditions: unknown[] }).Conditions).toEqual([
      { "@odata.type": "Microsoft.Dynamics.CRM.ConditionExpression", AttributeName: "dxm_migrationrunid", Operator: "Equal", Values: [{ Value: "7D4C3F92-312B-EE11-BDF4-000D3A993550", Type: "System.Guid" }] },
      { "@odata.type": "Microsoft.Dynamics.CRM.ConditionExpression", AttributeName: "dxm_sourcekey", Operator: "In", Values: [{ Value: "patient:1", Type: "System.String" }, { Value: "patient:2", Type: "System.String" }] },
    ]);
    expect(() => bulkDeletePayload({ name: "all", table: "contact", conditions: [] })).toThrow(/whole table/);
  });

  it("reads an asyncoperation's state", () => {
    expect(toAsyncJobStatus("j", { statecode: 3, statuscode: 31, message: "internal", friendlymessage: "The job failed." })).toEqual({ id: "j", stateCode: 3, statusCode: 31, message: "The job failed." });
    expect(toAsyncJobStatus("j", { statecode: 0, statuscode: 0, message: null })).toEqual({ id: "j", stateCode: 0, statusCode: 0 });
  });
});
