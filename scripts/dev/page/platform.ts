/**
 * What Dynamics provides to a virtual control: React 16.14 and Fluent UI 9 as globals. pcf-scripts compiles
 * the control's `react` and `@fluentui/react-components` imports to the externals `Reactv16` and
 * `FluentUIReactv940` (see node_modules/pcf-scripts/PlatformLibraryVersions.json); this shim, bundled by
 * esbuild from node_modules at dev-host start, defines exactly those, plus ReactDOM for the host to mount.
 */
import * as React from "react";
import * as ReactDOM from "react-dom";
import * as Fluent from "@fluentui/react-components";

const globals = window as unknown as Record<string, unknown>;
globals.Reactv16 = React;
globals.ReactDOMv16 = ReactDOM;
globals.FluentUIReactv940 = Fluent;
