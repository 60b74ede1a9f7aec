/**
 * A small XML reader for customizations.xml: elements, attributes and text, no DTDs or namespaces.
 * Hand-written because the project declares no XML parser dependency (sax and xml2js are only transitive
 * packages of other tools) and customizations.xml needs nothing beyond well-formed elements.
 */

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decode(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, entity: string) => {
    if (entity.startsWith("#x")) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}

export function parseXml(source: string): XmlNode {
  const root: XmlNode = { name: "#document", attrs: {}, children: [], text: "" };
  const stack: XmlNode[] = [root];
  const tag = /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  let match: RegExpExecArray | null;
  while ((match = tag.exec(source))) {
    const top = stack[stack.length - 1];
    if (match[1] !== undefined) top.text += match[1];
    else if (match[2]) {
      if (top.name !== match[2]) throw new Error(`customizations.xml: </${match[2]}> closes <${top.name}>`);
      stack.pop();
    } else if (match[3]) {
      const attrs: Record<string, string> = {};
      for (const a of (match[4] ?? "").matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[a[1]] = decode(a[2] ?? a[3] ?? "");
      const node: XmlNode = { name: match[3], attrs, children: [], text: "" };
      top.children.push(node);
      if (!match[5]) stack.push(node);
    } else if (match[6] !== undefined) top.text += decode(match[6]);
  }
  if (stack.length !== 1) throw new Error(`customizations.xml: <${stack[stack.length - 1].name}> is not closed`);
  return root;
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}

export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  return node?.children.filter((c) => c.name === name) ?? [];
}

export function textOf(node: XmlNode | undefined, name: string): string | undefined {
  const found = child(node, name);
  return found ? found.text.trim() : undefined;
}
