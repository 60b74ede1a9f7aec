/**
 * The stand-in for the model-driven Migration Run form: loads the real control bundle, mounts it through a
 * ComponentFramework context, draws the run header and the command bar whose Rollback button runs the real
 * web resource, and offers the committed sample exports for the upload step.
 */
import { createPcfContext } from "./pcf-context";
import type { HostSettings } from "./pcf-context";
import { installXrm } from "./xrm-shim";

export interface FormSettings extends HostSettings {
  statusLabels: Record<string, string>;
  samples: { name: string; label: string; files: string[] }[];
  rollbackScript: string;
}

interface ControlInstance {
  init(context: unknown, notifyOutputChanged: () => void, state: unknown, container: HTMLDivElement): void;
  updateView(context: unknown): unknown;
  destroy(): void;
}
type ControlConstructor = new () => ControlInstance;

const settings = (window as unknown as { __DXM_HOST__: FormSettings }).__DXM_HOST__;
const ReactDOM = (window as unknown as { ReactDOMv16: { render(element: unknown, container: Element): void } }).ReactDOMv16;
const registry: Record<string, ControlConstructor> = {};
(window as unknown as { ComponentFramework: unknown }).ComponentFramework = {
  registerControl: (name: string, constructor: ControlConstructor) => {
    registry[name] = constructor;
  },
};
installXrm({ clientUrl: location.origin, userId: settings.userId, userName: settings.userName });

const api = `${location.origin}/api/data/v9.2`;
const container = document.getElementById("control") as HTMLDivElement;
const size = () => ({ width: Math.floor(container.getBoundingClientRect().width), height: 0 });
let context = createPcfContext(settings, size);
let control: ControlInstance | null = null;

function render(): void {
  if (control) ReactDOM.render(control.updateView(context), container);
}

async function loadScript(src: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`Could not load ${src}`));
    document.head.appendChild(script);
  });
}

/** The run row's columns the form shows (and the command bar's enable rule reads through getAttribute). */
let runRow: Record<string, unknown> = {};

async function refreshHeader(): Promise<void> {
  const response = await fetch(`${api}/dxm_migrationruns(${settings.runId})?$select=dxm_name,dxm_status`, { headers: { Accept: "application/json" } });
  const status = document.getElementById("run-status") as HTMLElement;
  if (!response.ok) {
    status.textContent = response.status === 404 ? "Run deleted" : `Run unavailable (HTTP ${response.status})`;
    return;
  }
  const run = (await response.json()) as { dxm_name: string; dxm_status: number | null };
  runRow = run;
  (document.getElementById("run-name") as HTMLElement).textContent = run.dxm_name;
  status.textContent = settings.statusLabels[String(run.dxm_status)] ?? "";
  updateCommandBar();
}

type RollbackLibrary = { onRollbackClick(form: unknown): Promise<unknown> | void; isRollbackEnabled?(form: unknown): boolean };
const rollbackLibrary = () => (window as unknown as { Dxm?: { Rollback?: RollbackLibrary } }).Dxm?.Rollback;

/** The ribbon's enable rule: Dxm.Rollback.isRollbackEnabled(PrimaryControl), evaluated on load and refresh. */
function updateCommandBar(): void {
  const button = document.getElementById("rollback") as HTMLButtonElement;
  const library = rollbackLibrary();
  button.disabled = !library || (library.isRollbackEnabled ? !library.isRollbackEnabled(formContext) : false);
}

/** The formContext the Rollback command receives (primaryControl). */
const formContext = {
  getAttribute: (name: string) => (name in runRow ? { getName: () => name, getValue: () => runRow[name] ?? null } : null),
  data: {
    entity: {
      getId: () => `{${settings.runId.toUpperCase()}}`,
      getEntityName: () => "dxm_migrationrun",
      getPrimaryAttributeValue: () => settings.runName,
    },
    async refresh(_save?: boolean) {
      await refreshHeader();
      // As the form does after a refresh: the bound column was re-read, so the control reads its run again.
      context = createPcfContext(settings, size, ["boundField"]);
      render();
      context = createPcfContext(settings, size);
    },
  },
  ui: {
    setFormNotification: (message: string, level: string, id: string) => showNotification(message, level, id),
    clearFormNotification: (id: string) => document.getElementById(`notification-${id}`)?.remove(),
  },
};

function showNotification(message: string, level: string, id: string): boolean {
  const area = document.getElementById("notifications") as HTMLElement;
  document.getElementById(`notification-${id}`)?.remove();
  const note = document.createElement("div");
  note.id = `notification-${id}`;
  note.className = `notification ${level.toLowerCase()}`;
  note.setAttribute("role", "status");
  note.textContent = message;
  area.appendChild(note);
  return true;
}

async function onRollback(): Promise<void> {
  const command = rollbackLibrary();
  if (!command) {
    showNotification(`${settings.rollbackScript} did not define Dxm.Rollback.onRollbackClick`, "ERROR", "rollback");
    return;
  }
  await command.onRollbackClick(formContext);
}

/** Loads one sample folder into the control's file input, as if the admin had picked those files. */
async function loadSample(sample: { name: string; files: string[] }): Promise<void> {
  const folder = sample.name ? `/samples/${sample.name}/` : "/samples/";
  const transfer = new DataTransfer();
  for (const file of sample.files) {
    const response = await fetch(`${folder}${file}`);
    const blob = await response.blob();
    transfer.items.add(new File([blob], file, { type: blob.type }));
  }
  const input = document.querySelector<HTMLInputElement>("input[data-dxm-upload='files']");
  if (!input) {
    showNotification("Open the Upload step of Migration Studio first.", "WARNING", "samples");
    return;
  }
  input.files = transfer.files;
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

function drawSamples(): void {
  const list = document.getElementById("samples") as HTMLElement;
  if (settings.samples.length === 0) {
    list.textContent = "No samples/ folder in this checkout.";
    return;
  }
  for (const sample of settings.samples) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link";
    button.textContent = `Load ${sample.label} (${sample.files.length} files) into Upload`;
    button.addEventListener("click", () => void loadSample(sample));
    item.appendChild(button);
    list.appendChild(item);
  }
}

async function main(): Promise<void> {
  (document.getElementById("rollback") as HTMLButtonElement).addEventListener("click", () => void onRollback());
  (document.getElementById("refresh") as HTMLButtonElement).addEventListener("click", () => void formContext.data.refresh());
  drawSamples();
  await loadScript(settings.rollbackScript).catch(() => showNotification(`${settings.rollbackScript} is missing: run \`npm run build\`.`, "ERROR", "rollback"));
  await refreshHeader();
  await loadScript("/control/bundle.js");
  const Control = registry["Dxm.MigrationStudio"] ?? (window as unknown as { Dxm?: { MigrationStudio?: ControlConstructor } }).Dxm?.MigrationStudio;
  if (!Control) throw new Error("bundle.js did not register Dxm.MigrationStudio");
  control = new Control();
  control.init(context, () => undefined, {}, container);
  render();
  new ResizeObserver(() => render()).observe(container);
}

void main().catch((error: unknown) => showNotification(error instanceof Error ? error.message : String(error), "ERROR", "host"));
