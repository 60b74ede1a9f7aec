/**
 * A ComponentFramework context as a model-driven form builds it for Migration Studio, enough of it for the
 * control: the bound property, mode (record id, allocated size), user settings, resources (resx strings),
 * page.getClientUrl, and webAPI over same-origin fetch to the proxied Dataverse Web API.
 */

export interface HostSettings {
  runId: string;
  runName: string;
  userId: string;
  userName: string;
  strings: Record<string, string>;
}

type Ctx = ComponentFramework.Context<{ boundField: ComponentFramework.PropertyTypes.StringProperty }>;

export function createPcfContext(settings: HostSettings, size: () => { width: number; height: number }, updatedProperties: string[] = []): Ctx {
  const apiRoot = `${location.origin}/api/data/v9.2`;
  const json = async (response: Response): Promise<unknown> => {
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: { message?: string; code?: string } };
      throw Object.assign(new Error(body.error?.message ?? `HTTP ${response.status}`), { code: body.error?.code, status: response.status });
    }
    return response.status === 204 ? undefined : response.json();
  };
  const headers = { Accept: "application/json", "Content-Type": "application/json; charset=utf-8", "OData-Version": "4.0", "OData-MaxVersion": "4.0" };
  const entitySetOf = async (logicalName: string): Promise<string> => {
    const meta = (await json(await fetch(`${apiRoot}/EntityDefinitions(LogicalName='${logicalName}')?$select=EntitySetName`, { headers }))) as { EntitySetName: string };
    return meta.EntitySetName;
  };
  const webAPI: ComponentFramework.WebApi = {
    async createRecord(entityType, data) {
      const response = await fetch(`${apiRoot}/${await entitySetOf(entityType)}`, { method: "POST", headers, body: JSON.stringify(data) });
      await json(response);
      const id = /\(([0-9a-f-]{36})\)/i.exec(response.headers.get("OData-EntityId") ?? "")?.[1] ?? "";
      return { id, entityType } as ComponentFramework.LookupValue;
    },
    async updateRecord(entityType, id, data) {
      await json(await fetch(`${apiRoot}/${await entitySetOf(entityType)}(${id})`, { method: "PATCH", headers, body: JSON.stringify(data) }));
      return { id, entityType } as ComponentFramework.LookupValue;
    },
    async deleteRecord(entityType, id) {
      await json(await fetch(`${apiRoot}/${await entitySetOf(entityType)}(${id})`, { method: "DELETE", headers }));
      return { id, entityType } as ComponentFramework.LookupValue;
    },
    async retrieveRecord(entityType, id, options) {
      return (await json(await fetch(`${apiRoot}/${await entitySetOf(entityType)}(${id})${options ?? ""}`, { headers }))) as ComponentFramework.WebApi.Entity;
    },
    async retrieveMultipleRecords(entityType, options, maxPageSize) {
      const prefer: Record<string, string> = maxPageSize ? { Prefer: `odata.maxpagesize=${maxPageSize}` } : {};
      const page = (await json(await fetch(`${apiRoot}/${await entitySetOf(entityType)}${options ?? ""}`, { headers: { ...headers, ...prefer } }))) as {
        value: ComponentFramework.WebApi.Entity[];
        "@odata.nextLink"?: string;
      };
      return { entities: page.value, nextLink: page["@odata.nextLink"] ?? "" } as ComponentFramework.WebApi.RetrieveMultipleResponse;
    },
  };

  const mode = {
    contextInfo: { entityId: settings.runId, entityTypeName: "dxm_migrationrun", entityRecordName: settings.runName },
    get allocatedWidth() {
      return size().width;
    },
    get allocatedHeight() {
      return size().height;
    },
    isControlDisabled: false,
    isVisible: true,
    label: "Migration Studio",
    trackContainerResize: () => undefined,
    setControlState: () => true,
    setFullScreen: () => undefined,
    setNotification: () => false,
    clearNotification: () => false,
  };

  const context = {
    parameters: {
      boundField: {
        raw: null,
        formatted: "",
        error: false,
        errorMessage: "",
        type: "SingleLine.Text",
        attributes: { LogicalName: "dxm_studio", DisplayName: "Migration Studio" },
        security: { editable: true, readable: true, secured: false },
      },
    },
    mode,
    userSettings: {
      userId: `{${settings.userId.toUpperCase()}}`,
      userName: settings.userName,
      languageId: 1033,
      isRTL: false,
      securityRoles: [],
      dateFormattingInfo: {},
      numberFormattingInfo: {},
      getTimeZoneOffsetMinutes: () => -new Date().getTimezoneOffset(),
    },
    resources: {
      getString: (key: string) => settings.strings[key] ?? key,
      getResource: (_id: string, _ok: (data: string) => void, fail: () => void) => fail(),
    },
    page: { getClientUrl: () => location.origin, entityTypeName: "dxm_migrationrun", entityId: settings.runId },
    client: { getClient: () => "Web", getFormFactor: () => 1, isOffline: () => false, disableScroll: false, isNetworkAvailable: () => true },
    webAPI,
    updatedProperties,
    factory: { requestRender: () => undefined, getPopupService: () => undefined },
    navigation: {},
    utils: {},
    formatting: {},
    device: {},
  };
  return context as unknown as Ctx;
}
