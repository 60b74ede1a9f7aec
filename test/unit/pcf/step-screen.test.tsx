/** @jest-environment jsdom */
import "./jsdom-globals";
import * as React from "react";
import { fireEvent, render, screen } from "@testing-library/react";
import { StepScreen } from "../../../pcf-controls/MigrationStudio/components/common/StepScreen";

describe("StepScreen (the step screens' shared layout)", () => {
  it("shows the heading, the intro, the inputs before the primary action, further actions after it, then the results", () => {
    const onClick = jest.fn();
    const { container } = render(
      <StepScreen title="Pre-flight checks" intro={<p>Checks the org.</p>} inputs={<label>Size <input /></label>}
        primary={{ label: "Run the checks", onClick }} actions={<button>Download</button>}>
        <p>Results</p>
      </StepScreen>,
    );
    expect(screen.getByRole("heading", { level: 3, name: "Pre-flight checks" })).toBeTruthy();
    const order = [...container.querySelectorAll("h3, p, input, button")].map((e) => e.textContent || e.tagName);
    expect(order).toEqual(["Pre-flight checks", "Checks the org.", "INPUT", "Run the checks", "Download", "Results"]);
    fireEvent.click(screen.getByRole("button", { name: "Run the checks" }));
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole("progressbar")).toBeNull();
  });

  it("while the step works: the primary action disabled as asked, and a spinner with its label", () => {
    render(<StepScreen title="Reconciliation" primary={{ label: "Reconcile", onClick: jest.fn(), disabled: true, title: "Busy" }} busyLabel="Reconciling…" />);
    const button = screen.getByRole("button", { name: "Reconcile" }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.title).toBe("Busy");
    expect(screen.getByText("Reconciling…")).toBeTruthy();
  });

  it("leaves the action row out when the step offers no action", () => {
    const { container } = render(<StepScreen title="Full run"><p>Progress</p></StepScreen>);
    expect(screen.queryByRole("button")).toBeNull();
    // Heading and results only: no empty row between them.
    expect([...container.firstElementChild!.children].map((e) => e.tagName)).toEqual(["H3", "P"]);
  });
});
