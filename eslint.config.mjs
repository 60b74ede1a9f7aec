// ESLint 9 flat config: typescript-eslint everywhere, the Power Apps checker rules on code that runs in
// Dynamics (the PCF control and the web resources), and a guard that keeps the engine free of Node APIs.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import powerApps from "@microsoft/eslint-plugin-power-apps";

export default tseslint.config(
  { ignores: ["node_modules/", "out/", "dist/", "coverage/", "test-artifacts/", "**/generated/", "bench/results/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.cjs", "**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: { require: "readonly", module: "writable", process: "readonly", __dirname: "readonly", console: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["pcf-controls/**/*.{ts,tsx}", "webresources/**/*.ts"],
    plugins: { "@microsoft/power-apps": powerApps },
    rules: { ...powerApps.configs.paCheckerHosted.rules },
  },
  {
    // The engine runs in the browser and in Node: no Node built-ins, no console output.
    files: ["migration/**/*.ts"],
    rules: {
      "no-console": "error",
      "no-restricted-imports": ["error", { patterns: [{ group: ["node:*", "fs", "path", "http", "https", "os", "child_process", "stream", "crypto", "buffer", "zlib"], message: "migration/ must not use Node-only APIs." }] }],
    },
  },
);
