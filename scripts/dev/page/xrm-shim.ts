/**
 * The slice of the Xrm client API the Rollback command uses: confirm and alert dialogs, the progress
 * indicator and the global context, drawn as plain DOM dialogs the way the model-driven app shows them.
 */

function modal(title: string, text: string, buttons: { label: string; value: boolean; primary?: boolean }[]): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = document.createElement("dialog");
    dialog.className = "xrm-dialog";
    dialog.setAttribute("aria-labelledby", "xrm-dialog-title");
    const heading = document.createElement("h2");
    heading.id = "xrm-dialog-title";
    heading.textContent = title;
    const body = document.createElement("p");
    body.textContent = text;
    body.style.whiteSpace = "pre-wrap";
    const actions = document.createElement("div");
    actions.className = "xrm-dialog-actions";
    for (const button of buttons) {
      const element = document.createElement("button");
      element.type = "button";
      element.textContent = button.label;
      if (button.primary) element.className = "primary";
      element.addEventListener("click", () => {
        dialog.close();
        dialog.remove();
        resolve(button.value);
      });
      actions.appendChild(element);
    }
    dialog.append(heading, body, actions);
    dialog.addEventListener("cancel", () => {
      dialog.remove();
      resolve(false);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    (actions.querySelector("button.primary") as HTMLButtonElement | null)?.focus();
  });
}

export function installXrm(settings: { clientUrl: string; userId: string; userName: string }): void {
  let progress: HTMLDivElement | null = null;
  const Xrm = {
    Navigation: {
      async openConfirmDialog(strings: { title?: string; text: string; confirmButtonLabel?: string; cancelButtonLabel?: string }) {
        const confirmed = await modal(strings.title ?? "Confirm", strings.text, [
          { label: strings.confirmButtonLabel ?? "OK", value: true, primary: true },
          { label: strings.cancelButtonLabel ?? "Cancel", value: false },
        ]);
        return { confirmed };
      },
      async openAlertDialog(strings: { title?: string; text: string; confirmButtonLabel?: string }) {
        await modal(strings.title ?? "", strings.text, [{ label: strings.confirmButtonLabel ?? "OK", value: true, primary: true }]);
        return {};
      },
      async openErrorDialog(options: { message?: string; details?: string }) {
        await modal("Error", [options.message, options.details].filter(Boolean).join("\n\n"), [{ label: "OK", value: true, primary: true }]);
        return {};
      },
    },
    Utility: {
      showProgressIndicator(message: string) {
        if (!progress) {
          progress = document.createElement("div");
          progress.className = "xrm-progress";
          progress.setAttribute("role", "status");
          document.body.appendChild(progress);
        }
        progress.textContent = message;
      },
      closeProgressIndicator() {
        progress?.remove();
        progress = null;
      },
      getGlobalContext() {
        return {
          getClientUrl: () => settings.clientUrl,
          userSettings: { userId: `{${settings.userId.toUpperCase()}}`, userName: settings.userName, languageId: 1033 },
          getVersion: () => "9.2.0.0",
        };
      },
    },
  };
  (window as unknown as { Xrm: unknown }).Xrm = Xrm;
}
