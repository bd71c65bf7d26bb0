import type { ProposalKind } from './model.ts';

export type IncomeCategory = 'cohabitant' | 'single' | 'with_dependants';

/** What the CPAS says an option costs it each month (effective-dated, per CPAS; absent when not configured). */
export interface CostSettings {
  readonly effectiveFrom: string;
  readonly riMonthlyCostCents: Readonly<Record<IncomeCategory, number>> | null;
  readonly placementMonthlyCostCents: number | null;
}

export interface FinancialOption {
  readonly proposalId: string;
  readonly outcome: 'approved' | 'refused';
  readonly monthlyCostCents: number | null;
  readonly basis: 'article60_placement' | 'integration_income' | 'none';
  readonly category: IncomeCategory | null;
}

/**
 * The monthly cost of each outcome where it has one, so the committee sees the RI against the
 * placement: an engagement approved costs the placement (the RI is suspended), refused the RI
 * goes on (its category is not known to the committee at that stage: null); a reopening
 * approved costs the RI of its category, refused costs nothing. Null when nothing is configured.
 */
export const financialEffect = (
  proposals: readonly { readonly id: string; readonly kind: ProposalKind }[],
  category: IncomeCategory | null,
  costs: CostSettings | null,
): FinancialOption[] | null => {
  if (!costs || (costs.riMonthlyCostCents === null && costs.placementMonthlyCostCents === null)) return null;
  const ri = (c: IncomeCategory | null) =>
    c && costs.riMonthlyCostCents ? costs.riMonthlyCostCents[c] : null;
  return proposals.flatMap((p): FinancialOption[] => {
    if (p.kind === 'approve_engagement')
      return [
        {
          proposalId: p.id,
          outcome: 'approved',
          monthlyCostCents: costs.placementMonthlyCostCents,
          basis: 'article60_placement',
          category: null,
        },
        {
          proposalId: p.id,
          outcome: 'refused',
          monthlyCostCents: ri(category),
          basis: 'integration_income',
          category,
        },
      ];
    if (p.kind === 'reopen_integration_income')
      return [
        {
          proposalId: p.id,
          outcome: 'approved',
          monthlyCostCents: ri(category),
          basis: 'integration_income',
          category,
        },
        { proposalId: p.id, outcome: 'refused', monthlyCostCents: 0, basis: 'none', category: null },
      ];
    return [];
  });
};
