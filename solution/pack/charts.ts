import type { ChartDef, DashboardDef } from "../components/types";
import { charts } from "../components/charts";
import { braced, componentGuid } from "./guid";
import { viewGuid } from "./views";
import { el, flag, labels, text, toXml, type XmlElement } from "./xml";

export const chartGuid = (key: string): string => componentGuid(`chart/${key}`);
export const dashboardGuid = (key: string): string => componentGuid(`dashboard/${key}`);

/** The chart's data description: an aggregate FetchXML grouped by category and series, and the measure. */
function dataDescription(chart: ChartDef): XmlElement {
  return el("datadescription", null,
    el("datadefinition", null,
      el("fetchcollection", null,
        el("fetch", { mapping: "logical", aggregate: "true" },
          el("entity", { name: chart.table },
            el("attribute", { alias: "measure", name: chart.measure.column, aggregate: chart.measure.aggregate }),
            el("attribute", { groupby: "true", alias: "category", name: chart.category.column, dategrouping: chart.category.dateGrouping }),
            el("attribute", { groupby: "true", alias: "series", name: chart.series.column })))),
      el("categorycollection", null,
        el("category", { alias: "category" },
          el("measurecollection", null, el("measure", { alias: "measure" }))))));
}

function presentationDescription(chart: ChartDef): XmlElement {
  return el("Chart", { Palette: "BrightPastel" },
    el("Series", null, el("Series", { ChartType: chart.chartType, IsValueShownAsLabel: "False", Font: "{0}, 9.5px" })),
    el("ChartAreas", null, el("ChartArea", { BorderColor: "White", BorderDashStyle: "Solid" },
      el("AxisY", { LabelAutoFitMinFontSize: "8", TitleForeColor: "59, 59, 59", TitleFont: "{0}, 10.5px", LineColor: "165, 172, 181" },
        el("LabelStyle", { Format: "C0", Font: "{0}, 10.5px", ForeColor: "59, 59, 59" })),
      el("AxisX", { LabelAutoFitMinFontSize: "8", TitleForeColor: "59, 59, 59", TitleFont: "{0}, 10.5px", LineColor: "165, 172, 181" },
        el("MajorGrid", { Enabled: "False" }), el("LabelStyle", { Font: "{0}, 10.5px", ForeColor: "59, 59, 59" })))),
    el("Legends", null, el("Legend", { Alignment: "Center", LegendStyle: "Table", Docking: "Bottom", Font: "{0}, 11px", ForeColor: "59, 59, 59" })),
    el("Titles", null, el("Title", { Alignment: "TopLeft", DockingOffset: "-3", Font: "{0}, 13px", ForeColor: "59, 59, 59" })));
}

/** One `<visualization>` (system chart); its data and presentation descriptions are XML carried as text. */
export function visualizationXml(chart: ChartDef): XmlElement {
  return el("visualization", null,
    text("savedqueryvisualizationid", braced(chartGuid(chart.key))),
    text("datadescription", toXml(dataDescription(chart)).trim()),
    text("presentationdescription", toXml(presentationDescription(chart)).trim()),
    text("isdefault", "0"),
    flag("IsCustomizable", true),
    text("IntroducedVersion", "1.0.0.0"),
    labels("LocalizedNames", "LocalizedName", chart.name),
    labels("Descriptions", "Description", chart.description));
}

/** One `<Dashboard>`: a dashboard form with one chart cell per chart. */
export function dashboardXml(dashboard: DashboardDef): XmlElement {
  const id = (...parts: string[]) => braced(componentGuid([dashboard.key, ...parts].join("/")));
  const cells = dashboard.charts.map(({ chart: key, view }) => {
    const chart = charts.find((c) => c.key === key);
    if (!chart) throw new Error(`Dashboard ${dashboard.key} shows unknown chart ${key}`);
    return el("row", null,
      el("cell", { id: id("cell", key), showlabel: "true", rowspan: 12, colspan: 1, auto: "false" },
        labels("labels", "label", chart.name),
        el("control", { id: `chart_${chart.table}`, classid: "{E7A81278-8635-4d9e-8D4D-59480B391C5B}" },
          el("parameters", null,
            text("ViewId", braced(viewGuid(view))),
            text("IsUserView", "false"),
            text("RelationshipName", ""),
            text("TargetEntityType", chart.table),
            text("AutoExpand", "Fixed"),
            text("EnableQuickFind", "false"),
            text("EnableViewPicker", "false"),
            text("EnableJumpBar", "false"),
            text("ChartGridMode", "Chart"),
            text("VisualizationId", braced(chartGuid(chart.key))),
            text("IsUserChart", "false"),
            text("EnableChartPicker", "false"),
            text("RecordsPerPage", 10)))));
  });
  return el("Dashboard", null,
    labels("LocalizedNames", "LocalizedName", dashboard.name),
    labels("Descriptions", "Description", dashboard.description),
    text("FormId", braced(dashboardGuid(dashboard.key))),
    flag("IsCustomizable", true),
    flag("CanBeDeleted", true),
    text("IsTabletEnabled", "0"),
    text("IsDefault", "0"),
    el("FormXml", null, el("forms", { type: "dashboard" }, el("form", null,
      el("tabs", null, el("tab", { name: "production", id: id("tab"), verticallayout: "true", expanded: "true" },
        labels("labels", "label", dashboard.name),
        el("columns", null, el("column", { width: "100%" }, el("sections", null,
          el("section", { name: "charts", showlabel: "false", showbar: "false", columns: "1", id: id("section") },
            labels("labels", "label", dashboard.name),
            el("rows", null, cells)))))))))),
    text("IntroducedVersion", "1.0.0.0"));
}
