export type * from "./types";
export * from "./objects";
