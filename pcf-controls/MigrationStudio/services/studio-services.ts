/**
 * Everything Migration Studio calls outside React: the Web API client for the org, the run record, the
 * parse worker and the engine. index.ts builds it once from the client URL; components receive it as a prop.
 */
export interface StudioServices {
  dispose(): void;
}

export function createStudioServices(_clientUrl: string): StudioServices {
  return { dispose: () => undefined };
}
