#!/usr/bin/env node
// The `dxm` command: runs the TypeScript entry point through tsx, so no separate CLI build is needed.
require("tsx/cjs");
require("../scripts/dxm/main.ts");
