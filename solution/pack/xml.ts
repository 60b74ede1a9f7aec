/**
 * A minimal XML tree and serializer for the solution files. Hand-written because the project declares no
 * XML builder (xmlbuilder/xml2js are only transitive dependencies) and the needs are small: elements,
 * attributes, text, escaping and indentation like a Dataverse export.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string | number | undefined>;
  children: XmlNode[];
}

export type XmlNode = XmlElement | string;
type Child = XmlNode | null | undefined | false | Child[];

export function escapeXml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function flatten(children: Child[]): XmlNode[] {
  const out: XmlNode[] = [];
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) out.push(...flatten(child));
    else out.push(child);
  }
  return out;
}

/** An element: `el("Name", { attr: "x" }, child, ...)`; attributes whose value is undefined are left out. */
export function el(name: string, attrs: XmlElement["attrs"] | null, ...children: Child[]): XmlElement {
  return { name, attrs: attrs ?? {}, children: flatten(children) };
}

/** An element holding one text value (numbers and booleans written as Dataverse writes them: 1/0). */
export function text(name: string, value: string | number | boolean, attrs: XmlElement["attrs"] | null = null): XmlElement {
  return el(name, attrs, typeof value === "boolean" ? (value ? "1" : "0") : String(value));
}

/** Shorthand for the ubiquitous 0/1 flags. */
export const flag = (name: string, value: boolean): XmlElement => text(name, value);

function attrsToString(attrs: XmlElement["attrs"]): string {
  return Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join("");
}

function serialize(node: XmlNode, indent: string, out: string[]): void {
  if (typeof node === "string") {
    out.push(indent + escapeXml(node));
    return;
  }
  const open = `<${node.name}${attrsToString(node.attrs)}`;
  if (node.children.length === 0) {
    out.push(`${indent}${open} />`);
  } else if (node.children.every((c) => typeof c === "string")) {
    out.push(`${indent}${open}>${(node.children as string[]).map(escapeXml).join("")}</${node.name}>`);
  } else {
    out.push(`${indent}${open}>`);
    for (const child of node.children) serialize(child, indent + "  ", out);
    out.push(`${indent}</${node.name}>`);
  }
}

/** The document as text, indented two spaces like a Dataverse export, with an XML declaration when asked. */
export function toXml(root: XmlElement, options: { declaration?: boolean } = {}): string {
  const lines: string[] = options.declaration ? ['<?xml version="1.0" encoding="utf-8"?>'] : [];
  serialize(root, "", lines);
  return lines.join("\n") + "\n";
}

/** `<LocalizedNames><LocalizedName description=".." languagecode="1033" /></LocalizedNames>` and friends. */
export const LCID = 1033;
export function labels(container: string, item: string, description: string): XmlElement {
  return el(container, null, el(item, { description, languagecode: LCID }));
}
