import { describe, expect, it } from 'vitest';
import { officer, tenantId, TODAY } from './fixtures.test-support.ts';
import {
  closeCorrectiveAction,
  closeFinding,
  markActionOverdue,
  openCorrectiveAction,
  type Finding,
} from './findings.ts';
import { checkTemplate, REQUIRED_ITEM_CODES } from './report.ts';

const finding = (severity: Finding['severity'] = 'major'): Finding => ({
  id: 'f1',
  tenantId,
  visitId: 'v1',
  hostEmployerId: 'h1',
  itemCode: null,
  severity,
  description: 'no safety shoes',
  status: 'open',
  openedOn: TODAY,
  closedOn: null,
  closeNote: null,
});
const action = (id: string) =>
  openCorrectiveAction(
    finding(),
    { description: 'buy shoes', owner: 'host: director', deadline: '2026-03-20' },
    officer,
    TODAY,
    id,
  );

describe('corrective actions', () => {
  it('given an open finding, when an action is opened with a past deadline, then refused on deadline', () => {
    expect(() =>
      openCorrectiveAction(
        finding(),
        { description: 'x', owner: 'y', deadline: '2026-03-01' },
        officer,
        TODAY,
        'a',
      ),
    ).toThrow(expect.objectContaining({ code: 'ACTION_DEADLINE_IN_PAST', field: 'deadline' }));
  });

  it('given an open action, when closed without evidence, then EVIDENCE_REQUIRED names evidence', () => {
    expect(() =>
      closeCorrectiveAction(action('a1'), finding(), [action('a1')], '   ', officer, TODAY),
    ).toThrow(expect.objectContaining({ code: 'EVIDENCE_REQUIRED', field: 'evidence' }));
  });

  it('given two open actions, when one closes, then the finding stays open; when the last closes, it closes', () => {
    const [a1, a2] = [action('a1'), action('a2')];
    const first = closeCorrectiveAction(a1, finding(), [a1, a2], 'invoice seen', officer, TODAY);
    expect(first.action).toMatchObject({ status: 'closed', evidence: 'invoice seen', closedOn: TODAY });
    expect(first.finding.status).toBe('open');
    const second = closeCorrectiveAction(
      a2,
      first.finding,
      [first.action, a2],
      'photo of shoes',
      officer,
      TODAY,
    );
    expect(second.finding).toMatchObject({ status: 'closed', closedOn: TODAY });
  });

  it('given an action past its deadline, when the job looks, then it is flagged once', () => {
    expect(markActionOverdue(action('a1'), '2026-03-21')?.overdueSince).toBe('2026-03-21');
    expect(markActionOverdue(action('a1'), '2026-03-20')).toBeUndefined();
  });
});

describe('closing a finding by hand', () => {
  it('given an open action, when the finding is closed, then FINDING_HAS_OPEN_ACTIONS', () => {
    expect(() => closeFinding(finding(), [action('a1')], 'done', officer, TODAY)).toThrow(
      expect.objectContaining({ code: 'FINDING_HAS_OPEN_ACTIONS' }),
    );
  });

  it('given a major finding with no action, when closed, then it needs a corrective action; a minor one closes', () => {
    expect(() => closeFinding(finding('major'), [], 'done', officer, TODAY)).toThrow(
      expect.objectContaining({ code: 'FINDING_NEEDS_CORRECTIVE_ACTION' }),
    );
    expect(closeFinding(finding('minor'), [], 'fixed on the spot', officer, TODAY).status).toBe('closed');
  });
});

describe('checklist templates', () => {
  const items = REQUIRED_ITEM_CODES.map((code) => ({ code, labelFr: code, labelNl: code }));
  it('given a template without "same rules as own staff", when published, then refused', () => {
    expect(() =>
      checkTemplate(
        items.filter((i) => i.code !== 'same_rules_as_own_staff'),
        { id: 'a', role: 'cpas_admin' },
      ),
    ).toThrow(expect.objectContaining({ code: 'CHECKLIST_REQUIRED_ITEM_MISSING', field: 'items' }));
  });
  it('given the required items and one more, when a CPAS admin publishes, then accepted', () => {
    expect(() =>
      checkTemplate([...items, { code: 'noise_levels', labelFr: 'Bruit', labelNl: 'Lawaai' }], {
        id: 'a',
        role: 'cpas_admin',
      }),
    ).not.toThrow();
  });
});
