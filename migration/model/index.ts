export type * from "./types";
export * from "./objects";
export * from "./tables";
