import type { CommandDef } from "../components/types";
import { el, LCID, type XmlElement } from "./xml";

const emptyRuleDefinitions = () => el("RuleDefinitions", null, el("TabDisplayRules", null), el("DisplayRules", null), el("EnableRules", null));

/** An entity's RibbonDiffXml: its command-bar buttons, their commands, rules and labels. */
export function ribbonDiffXml(commands: CommandDef[]): XmlElement {
  if (commands.length === 0) {
    return el("RibbonDiffXml", null,
      el("CustomActions", null),
      el("Templates", null, el("RibbonTemplates", { Id: "Mscrm.Templates" })),
      el("CommandDefinitions", null),
      emptyRuleDefinitions(),
      el("LocLabels", null));
  }
  const ids = (c: CommandDef) => ({
    action: `${c.id}.CustomAction`, button: `${c.id}.Button`, command: `${c.id}.Command`,
    enable: `${c.id}.EnableRule`, display: `${c.id}.DisplayRule`, label: `${c.id}.LabelText`, tooltip: `${c.id}.ToolTipDescription`,
  });
  const library = (c: CommandDef) => `$webresource:${c.library}`;
  const loc = (id: string, description: string) => el("LocLabel", { Id: id }, el("Titles", null, el("Title", { description, languagecode: LCID })));
  return el("RibbonDiffXml", null,
    el("CustomActions", null, commands.map((c) =>
      el("CustomAction", { Id: ids(c).action, Location: c.location, Sequence: c.sequence },
        el("CommandUIDefinition", null,
          el("Button", {
            Id: ids(c).button, Command: ids(c).command, Sequence: c.sequence, TemplateAlias: "o1",
            LabelText: `$LocLabels:${ids(c).label}`, Alt: `$LocLabels:${ids(c).label}`,
            ToolTipTitle: `$LocLabels:${ids(c).label}`, ToolTipDescription: `$LocLabels:${ids(c).tooltip}`,
            ModernImage: c.image,
          }))))),
    el("Templates", null, el("RibbonTemplates", { Id: "Mscrm.Templates" })),
    el("CommandDefinitions", null, commands.map((c) =>
      el("CommandDefinition", { Id: ids(c).command },
        el("EnableRules", null, el("EnableRule", { Id: ids(c).enable })),
        el("DisplayRules", null, el("DisplayRule", { Id: ids(c).display })),
        el("Actions", null,
          el("JavaScriptFunction", { FunctionName: c.onClick, Library: library(c) }, el("CrmParameter", { Value: "PrimaryControl" })))))),
    el("RuleDefinitions", null,
      el("TabDisplayRules", null),
      el("DisplayRules", null, commands.map((c) =>
        // Shown on saved runs only: a run being created has nothing to roll back.
        el("DisplayRule", { Id: ids(c).display }, el("FormStateRule", { State: "Create", InvertResult: "true" })))),
      el("EnableRules", null, commands.map((c) =>
        el("EnableRule", { Id: ids(c).enable },
          el("CustomRule", { FunctionName: c.enableRule, Library: library(c), Default: "false" }, el("CrmParameter", { Value: "PrimaryControl" })))))),
    el("LocLabels", null, commands.flatMap((c) => [loc(ids(c).label, c.label), loc(ids(c).tooltip, c.tooltip)])));
}

