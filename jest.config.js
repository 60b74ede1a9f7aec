/** Three suites: unit (pure, no network), integration (engine ↔ emulator over loopback HTTP), e2e (Chromium). */
const transform = { "^.+\\.tsx?$": ["ts-jest", { tsconfig: "tsconfig.json" }] };
const common = { transform, testEnvironment: "node", moduleFileExtensions: ["ts", "tsx", "js", "cjs", "json"] };

module.exports = {
  projects: [
    { ...common, displayName: "unit", testMatch: ["<rootDir>/test/unit/**/*.test.ts?(x)"] },
    { ...common, displayName: "integration", testMatch: ["<rootDir>/test/integration/**/*.test.ts?(x)"] },
    { ...common, displayName: "e2e", testMatch: ["<rootDir>/test/e2e/**/*.test.ts?(x)"] },
  ],
};
