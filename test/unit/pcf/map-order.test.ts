import { lowConfidenceFirst } from "../../../pcf-controls/MigrationStudio/components/map/order";
import type { FileProposal } from "../../../migration/mapping/types";

describe("map screen row order", () => {
  const proposal: FileProposal = {
    file: "patients.csv", object: "patient", confidence: 0.9, evidence: "", dateOrder: "MDY", dateOrderEvidence: "",
    columns: [
      { source: "A", field: "patientId", target: null, confidence: 1, evidence: "" },
      { source: "B", field: null, target: null, confidence: 0.4, evidence: "" },
      { source: "C", field: "email", target: "contact.emailaddress1", confidence: 0.7, evidence: "" },
      { source: "D", field: null, target: null, confidence: 0.4, evidence: "" },
    ],
  };

  it("puts the least sure proposals first, keeping the file's order among equals, whatever the draft says", () => {
    const draft = ["A", "B", "C", "D"].map((source) => ({ source, field: null, target: null }));
    expect(lowConfidenceFirst(draft, proposal).map((c) => c.source)).toEqual(["B", "D", "C", "A"]);
  });

  it("keeps the file's order when there is no proposal", () => {
    const draft = [{ source: "X" }, { source: "Y" }];
    expect(lowConfidenceFirst(draft, undefined)).toEqual(draft);
  });
});
