/** A file picked or dropped, under its path relative to the export folder. */
export interface PickedFile {
  blob: File;
  name: string;
}

/** `exports/attachments/n-1.pdf` → `attachments/n-1.pdf`: the folder the admin picked is the export root. */
export function relativeToRoot(path: string): string {
  const parts = path.replace(/\\/g, "/").replace(/^\/+/, "").split("/");
  return parts.length > 1 ? parts.slice(1).join("/") : parts[0];
}

/** From an `<input type=file>` (files, or a folder with webkitdirectory). */
export function filesFromInput(list: FileList | null): PickedFile[] {
  return Array.from(list ?? []).map((file) => ({ blob: file, name: file.webkitRelativePath ? relativeToRoot(file.webkitRelativePath) : file.name }));
}

async function walk(entry: FileSystemEntry, insideFolder: boolean, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ blob: file, name: insideFolder ? relativeToRoot(entry.fullPath) : file.name });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns at most 100 entries per call: read until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, true, out);
  }
}

/** From a drop: files and whole folders (walked through the File and Directory Entries API). */
export async function filesFromDrop(transfer: DataTransfer): Promise<PickedFile[]> {
  const entries = Array.from(transfer.items ?? [])
    .map((item) => item.webkitGetAsEntry?.() ?? null)
    .filter((e): e is FileSystemEntry => e !== null);
  if (entries.length === 0) return Array.from(transfer.files).map((file) => ({ blob: file, name: file.name }));
  const out: PickedFile[] = [];
  for (const entry of entries) await walk(entry, false, out);
  return out;
}
