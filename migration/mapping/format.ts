/** Numbers in evidence: "4,210", "99.8%", 0.87. Fixed en-US so the evidence reads the same everywhere. */
export const count = (n: number): string => n.toLocaleString("en-US");
export const percent = (share: number): string => `${(Math.round(share * 1000) / 10).toLocaleString("en-US")}%`;
export const round2 = (n: number): number => Math.round(n * 100) / 100;
