import { PreventionVisitReportedV1 } from '@relais/contracts';
import type { ServiceContext } from '@relais/service-kit';
import type { Finding } from '../domain/findings.ts';
import { recordReport, type RecordReport } from '../domain/report.ts';
import type { CompletedVisit } from '../domain/visit.ts';
import { insertFindings } from '../db/findings.ts';
import { findTemplate, loadCurrentTemplate } from '../db/settings.ts';
import { recordVisitChange, saveVisit } from '../db/visits.ts';
import { changeVisit, type VisitCommandContext } from './change-visit.ts';
import { entryOf, notFound, todayOf } from './support.ts';

/**
 * Records a visit's report against the CPAS's checklist in force (or the version named), opens
 * its findings, and derives the host's status again: a favourable pre-approval visit clears the
 * host, which puts it before the committee (placement listens to HostSafetyStatusChanged).
 */
export const recordVisitReport = (
  context: ServiceContext,
  command: RecordReport & {
    readonly tenantId: string;
    readonly visitId: string;
    readonly templateId: string | null;
  },
  { by, ...cause }: VisitCommandContext,
): Promise<{ visit: CompletedVisit; findings: readonly Finding[] }> =>
  changeVisit(context, command, cause, async (tx, visit) => {
    const today = todayOf(context);
    const template = command.templateId
      ? await findTemplate(tx, command.tenantId, command.templateId)
      : await loadCurrentTemplate(tx, command.tenantId, today);
    if (!template)
      throw notFound('CHECKLIST_TEMPLATE_NOT_FOUND', 'checklist template', command.templateId ?? '');
    const decided = recordReport(visit, command, template, by, today, () => context.clock.newId());
    await saveVisit(tx, decided.visit);
    await insertFindings(tx, decided.findings);
    await recordVisitChange(
      tx,
      decided.visit,
      {
        change: 'reported',
        detail: { outcome: decided.visit.report.outcome, findings: decided.findings.length },
      },
      by,
      entryOf(context),
    );
    await context.events.append(tx, PreventionVisitReportedV1, {
      tenantId: command.tenantId,
      aggregateId: decided.visit.hostEmployerId,
      ...cause,
      data: {
        visitId: decided.visit.id,
        hostEmployerId: decided.visit.hostEmployerId,
        siteId: decided.visit.siteId,
        kind: decided.visit.kind,
        completedOn: decided.visit.report.completedOn,
        outcome: decided.visit.report.outcome,
        findings: decided.findings.length,
      },
    });
    return decided;
  });
