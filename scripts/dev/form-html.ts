import type { FormSettings } from "./page/form";

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The Migration Run form page: app bar, command bar, form header, the control's cell, and the samples panel. */
export function formHtml(settings: FormSettings): string {
  // JSON inside <script>: escape "<" so no value can close the tag.
  const json = JSON.stringify(settings).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(settings.runName)} - Migration Run - Dental-Exec Migration (local)</title>
<style>
  :root { font-family: "Segoe UI", "Segoe UI Web (West European)", -apple-system, Roboto, "Helvetica Neue", sans-serif; color: #242424; }
  body { margin: 0; background: #f5f5f5; }
  header.app-bar { background: #0f6cbd; color: #fff; padding: 0 16px; height: 40px; display: flex; align-items: center; gap: 16px; font-size: 14px; }
  header.app-bar strong { font-weight: 600; }
  header.app-bar .env { margin-left: auto; opacity: .85; font-size: 12px; }
  nav.command-bar { background: #fff; border-bottom: 1px solid #e0e0e0; display: flex; gap: 4px; padding: 4px 12px; }
  nav.command-bar button { background: none; border: 1px solid transparent; border-radius: 4px; padding: 6px 10px; font: inherit; font-size: 14px; cursor: pointer; color: #242424; }
  nav.command-bar button:hover, nav.command-bar button:focus-visible { background: #f0f0f0; border-color: #d1d1d1; }
  .form-header { background: #fff; padding: 12px 20px; border-bottom: 1px solid #e0e0e0; }
  .form-header h1 { font-size: 20px; font-weight: 600; margin: 0; }
  .form-header .meta { color: #616161; font-size: 13px; margin-top: 2px; }
  main { display: grid; grid-template-columns: minmax(0, 1fr) 260px; gap: 12px; padding: 12px; align-items: start; }
  section.card { background: #fff; border-radius: 4px; box-shadow: 0 0 2px rgba(0,0,0,.12), 0 1px 2px rgba(0,0,0,.14); padding: 12px 16px; }
  section.card > h2 { font-size: 14px; font-weight: 600; margin: 0 0 8px; }
  #samples { padding-left: 18px; margin: 0; font-size: 13px; }
  #samples li { margin: 4px 0; }
  button.link { display: inline; background: none; border: none; color: #115ea3; padding: 0; font: inherit; cursor: pointer; text-align: left; text-decoration: underline; }
  #notifications .notification { padding: 8px 12px; margin: 0 12px; border-radius: 4px; font-size: 13px; background: #ebf3fc; }
  #notifications .notification.error { background: #fdf3f4; color: #b10e1c; }
  #notifications .notification.warning { background: #fff9f5; color: #8a3707; }
  dialog.xrm-dialog { border: none; border-radius: 8px; box-shadow: 0 8px 32px rgba(0,0,0,.3); max-width: 480px; padding: 20px 24px; }
  dialog.xrm-dialog h2 { font-size: 18px; margin: 0 0 12px; }
  .xrm-dialog-actions { display: flex; gap: 8px; justify-content: flex-end; margin-top: 16px; }
  .xrm-dialog-actions button { padding: 6px 16px; border-radius: 4px; border: 1px solid #d1d1d1; background: #fff; font: inherit; cursor: pointer; }
  .xrm-dialog-actions button.primary { background: #0f6cbd; border-color: #0f6cbd; color: #fff; }
  .xrm-progress { position: fixed; inset: 0; background: rgba(255,255,255,.7); display: flex; align-items: center; justify-content: center; font-size: 16px; z-index: 1000; }
  @media (max-width: 900px) { main { grid-template-columns: minmax(0, 1fr); } }
</style>
</head>
<body>
<header class="app-bar"><strong>Dynamics 365</strong><span>Dental-Exec Migration</span><span class="env">Local dev host · Dataverse emulator</span></header>
<nav class="command-bar" aria-label="Commands">
  <button type="button" id="refresh">Refresh</button>
  <button type="button" id="rollback">Rollback</button>
</nav>
<div class="form-header"><h1 id="run-name">${escapeHtml(settings.runName)}</h1><div class="meta">Migration Run · <span id="run-status" aria-live="polite"></span></div></div>
<div id="notifications" aria-live="polite"></div>
<main>
  <section class="card" aria-label="Migration Studio"><div id="control"></div></section>
  <aside>
    <section class="card"><h2>Sample exports</h2><ul id="samples"></ul></section>
  </aside>
</main>
<script>window.__DXM_HOST__ = ${json};</script>
<script src="/platform/platform.js"></script>
<script src="/host/form.js"></script>
</body>
</html>
`;
}
