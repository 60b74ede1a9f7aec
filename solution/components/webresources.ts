import type { WebResourceDef } from "./types";

/** The Rollback command library (webresources/), built by the web-resource build into out/webresources. */
export const rollbackLibrary: WebResourceDef = {
  name: "dxm_/scripts/rollback.js",
  displayName: "Dental-Exec Migration: Rollback command",
  description: "Command-bar handlers for the Migration Run form (Dxm.Rollback).",
  type: 3,
  builtFiles: ["dxm_/scripts/rollback.js", "scripts/rollback.js", "rollback.js"],
};

export const webResources: WebResourceDef[] = [rollbackLibrary];
