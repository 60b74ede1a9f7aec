/** The packer: the solution definition → customizations.xml, solution.xml, [Content_Types].xml → solution zips. */
export { buildCustomizationsXml, customizationsDocument, lockedWhenManaged, type CustomizationsOptions } from "./customizations";
export { buildSolutionXml, type SolutionXmlOptions } from "./solution-xml";
export { buildContentTypesXml } from "./content-types";
export { packSolution, packSolutionWithReport, writeSolutionZips, solutionZipName, type PackOptions, type PackResult, type WrittenZips } from "./package";
export { stampControlVersion, controlVersion, solutionVersion } from "./version";
export { sampleValuesForEveryColumn, sampleTargetId, entitySetOf, type ColumnSample } from "./samples";
export { collectAssets, webResourceFileName, webResourceGuid, type PackAssets } from "./assets";
export { lookupRelationships, entitySchemaName } from "./relationships";
export { componentGuid } from "./guid";
export { formGuid } from "./forms";
export { viewGuid } from "./views";
export { chartGuid, dashboardGuid } from "./charts";
export { roleGuid, profileGuid } from "./security";
