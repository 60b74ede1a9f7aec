/**
 * What the properties of a Web API create or update body are: columns (`subject`), single-valued lookups set
 * through `nav@odata.bind`, instance annotations (`@odata.type`), and deep inserts of related records through a
 * collection-valued navigation property (`email_activity_parties: [{ … }]`). Only columns and lookups can be
 * `$select`ed or compared with what a GET returns; a deep insert is written with its record and read apart.
 */
export function isDeepInsert(body: Record<string, unknown>, property: string): boolean {
  return Array.isArray(body[property]);
}
