/**
 * jest's jsdom environment leaves out a few globals that browsers (and Node) have and the engine uses.
 * Import this first in a jsdom test file.
 */
import { TextDecoder, TextEncoder } from "node:util";
import { ReadableStream } from "node:stream/web";

const g = globalThis as Record<string, unknown>;
g.TextEncoder ??= TextEncoder;
g.TextDecoder ??= TextDecoder;
g.ReadableStream ??= ReadableStream;
g.structuredClone ??= (value: unknown) => JSON.parse(JSON.stringify(value));

// Fluent's MessageBar watches its own size; jsdom does no layout, so an observer that never fires is faithful.
class NoLayoutResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
g.ResizeObserver ??= NoLayoutResizeObserver;
