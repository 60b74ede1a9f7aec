/** Cross-row checks: duplicate ids within a file, rows pointing at ids no other file holds. */

/** Remembers the ids of one kind; `add` answers false for an id already seen. */
export class IdRegistry {
  private ids = new Set<string>();

  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    return true;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  delete(id: string): void {
    this.ids.delete(id);
  }

  get size(): number {
    return this.ids.size;
  }

  values(): IterableIterator<string> {
    return this.ids.values();
  }
}

/** Lines to leave out, per file: rows with errors and rows that depend on them. */
export class ExcludedRows {
  private byFile = new Map<string, Set<number>>();

  add(file: string, line: number): void {
    let lines = this.byFile.get(file);
    if (!lines) this.byFile.set(file, (lines = new Set()));
    lines.add(line);
  }

  has(file: string, line: number): boolean {
    return this.byFile.get(file)?.has(line) ?? false;
  }

  get size(): number {
    let n = 0;
    for (const lines of this.byFile.values()) n += lines.size;
    return n;
  }
}
