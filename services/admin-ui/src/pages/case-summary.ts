/**
 * The case summary the committee service joins from the owning services' events, as rows to
 * show: nested facts flattened to `trial.reasonCode`-style keys (translated by the page when it
 * knows them), ids and the proposals' codes left out, lists joined.
 */
export const caseSummaryRows = (
  summary: Readonly<Record<string, unknown>>,
  prefix = '',
): { key: string; value: string }[] =>
  Object.entries(summary).flatMap(([name, value]): { key: string; value: string }[] => {
    const key = `${prefix}${name}`;
    // Ids mean nothing to a member; the proposals are shown, worded, under the case.
    if (value === null || value === undefined || value === '' || /Id$|^id$|^proposals$/.test(name)) return [];
    if (Array.isArray(value)) {
      const items = value.filter((v) => typeof v === 'string' || typeof v === 'number');
      return items.length > 0 ? [{ key, value: items.join(', ') }] : [];
    }
    if (typeof value === 'object') return caseSummaryRows(value as Record<string, unknown>, `${key}.`);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      return [{ key, value: String(value) }];
    }
    return [];
  });
