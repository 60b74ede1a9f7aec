/**
 * Bytes → base64 with the web-standard `btoa` (present in browsers and Node 20), because the engine must
 * not use Node's Buffer. `btoa` takes a binary string, built here in slices to keep argument lists short.
 */
export function bytesToBase64(bytes: Uint8Array): string {
  const slice = 0x8000;
  let binary = "";
  for (let i = 0; i < bytes.length; i += slice) {
    binary += String.fromCharCode(...bytes.subarray(i, i + slice));
  }
  return btoa(binary);
}
