/** A `dxm` command as a doc writes it in a ```sh block: the doc, its line, the command without its comment. */
export interface DocumentedCommand {
  doc: string;
  line: number;
  command: string;
}

/** Every `dxm …` line of the markdown's ```sh blocks, in order, with its trailing `# comment` removed. */
export function documentedCommands(doc: string, markdown: string): DocumentedCommand[] {
  const found: DocumentedCommand[] = [];
  let inShell = false;
  markdown.split(/\r?\n/).forEach((text, i) => {
    if (/^```/.test(text.trim())) {
      inShell = !inShell && /^```(sh|bash|shell)\b/.test(text.trim());
      return;
    }
    const command = text.replace(/\s+#\s.*$/, "").trim();
    if (inShell && /^dxm\s/.test(command)) found.push({ doc, line: i + 1, command });
  });
  return found;
}
