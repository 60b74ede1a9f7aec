/**
 * A minimal reader for the multipart/mixed bodies of `$batch` responses (RFC 2046 as OData uses it): parts
 * separated by `--boundary` lines, each with MIME headers, a blank line and content; change-set responses
 * nest a second multipart. Hand-written because no maintained library parses multipart responses the same way
 * in the browser and in Node without streams or Buffer.
 */

export interface HeaderMap {
  get(name: string): string | undefined;
}

export interface MimePart {
  headers: HeaderMap;
  content: string;
}

export interface HttpMessage {
  status: number;
  statusText: string;
  headers: HeaderMap;
  body: string;
}

/** The `boundary` parameter of a multipart Content-Type, quoted or not. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\//i.test(contentType)) return undefined;
  const match = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** Splits a multipart body into its parts (preamble and epilogue are ignored). Accepts CRLF or LF lines. */
export function splitMultipart(body: string, boundary: string): MimePart[] {
  const lines = body.replace(/\r\n/g, "\n").split("\n");
  const delimiter = `--${boundary}`;
  const parts: MimePart[] = [];
  let current: string[] | undefined;
  for (const line of lines) {
    const trimmed = line.trimEnd();
    if (trimmed === delimiter || trimmed === `${delimiter}--`) {
      if (current) parts.push(parsePart(current));
      current = trimmed === delimiter ? [] : undefined;
      if (!current) break;
      continue;
    }
    current?.push(line);
  }
  return parts;
}

/** An `application/http` part's content: `HTTP/1.1 204 No Content`, headers, blank line, body. */
export function parseHttpMessage(content: string): HttpMessage {
  const lines = content.replace(/\r\n/g, "\n").split("\n");
  while (lines.length > 0 && lines[0].trim() === "") lines.shift();
  const statusLine = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\s*(.*)$/.exec(lines[0] ?? "");
  if (!statusLine) throw new Error(`Malformed $batch response part: no HTTP status line.`);
  const { headers, rest } = readHeaders(lines.slice(1));
  return { status: Number(statusLine[1]), statusText: statusLine[2].trim(), headers, body: rest.join("\n").trim() };
}

function parsePart(lines: string[]): MimePart {
  const { headers, rest } = readHeaders(lines);
  return { headers, content: rest.join("\n").replace(/\n+$/, "") };
}

function readHeaders(lines: string[]): { headers: HeaderMap; rest: string[] } {
  const map = new Map<string, string>();
  let i = 0;
  for (; i < lines.length; i += 1) {
    const line = lines[i];
    if (line.trim() === "") {
      i += 1;
      break;
    }
    const colon = line.indexOf(":");
    if (colon > 0) map.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers: { get: (name) => map.get(name.toLowerCase()) }, rest: lines.slice(i) };
}
