// Checks infra/observability without a Prometheus: every PromQL expression of the Grafana
// dashboard and of the alert rules parses (Prometheus's own grammar, @prometheus-io/lezer-promql),
// names only metrics the code registers (or Prometheus's `up`), matches and groups only on labels
// those metrics carry, and every relais_* metric the code registers is on the dashboard.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parser } from '@prometheus-io/lezer-promql';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const observabilityDir = join(repoRoot, 'infra/observability');

/** Labels every scraped series carries besides its own: the target's (see the README's scrape config). */
const TARGET_LABELS = ['service', 'instance', 'job'];

/** A metric as scraped: its series names and its labels (undefined: not checked). */
interface Known {
  readonly labels?: readonly string[];
}

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'node_modules' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !path.includes('.test.') ? [path] : [];
  });

const seriesOf = (name: string, type: string): string[] =>
  type === 'histogram'
    ? [`${name}_bucket`, `${name}_sum`, `${name}_count`]
    : type === 'summary'
      ? [name, `${name}_sum`, `${name}_count`]
      : [name];

/**
 * The metrics the services register, read from the code: each `new Counter|Gauge|Histogram|Summary({
 * name: '…', labelNames: [ … ] })` of packages/ and services/. Their series (a histogram's
 * `_bucket`, `_sum`, `_count`) with their labels (plus `le` on buckets).
 */
const registeredInCode = (): Map<string, Known> => {
  const known = new Map<string, Known>();
  const roots = ['packages', 'services'].flatMap((top) =>
    readdirSync(join(repoRoot, top)).map((name) => join(repoRoot, top, name, 'src')),
  );
  for (const file of roots.filter((r) => statSync(r, { throwIfNoEntry: false })).flatMap(sourceFiles)) {
    const text = readFileSync(file, 'utf8');
    const starts = [...text.matchAll(/new (Counter|Gauge|Histogram|Summary)\(\{/g)];
    starts.forEach((start, i) => {
      const body = text.slice(start.index, starts[i + 1]?.index ?? text.length);
      const name = /name: '([a-zA-Z_:][a-zA-Z0-9_:]*)'/.exec(body)?.[1];
      if (!name) return;
      const labelList = /labelNames: \[([^\]]*)\]/.exec(body)?.[1] ?? '';
      const labels = [...labelList.matchAll(/'([^']+)'/g)].map((m) => m[1] ?? '');
      const type = (start[1] ?? '').toLowerCase();
      for (const series of seriesOf(name, type))
        known.set(series, { labels: series.endsWith('_bucket') ? [...labels, 'le'] : labels });
    });
  }
  return known;
};

/** prom-client's default metrics (every service collects them) and Prometheus's `up`. */
const builtIn = async (): Promise<Map<string, Known>> => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const known = new Map<string, Known>([['up', { labels: [] }]]);
  for (const metric of await registry.getMetricsAsJSON())
    for (const series of seriesOf(metric.name, String(metric.type))) known.set(series, {});
  return known;
};

interface Dashboard {
  panels: { title: string; type: string; targets?: { expr: string }[]; panels?: Dashboard['panels'] }[];
  templating: { list: { name: string; type: string; query?: string | { query: string } }[] };
}
interface RuleFile {
  groups: {
    name: string;
    rules: {
      alert?: string;
      expr: string;
      for?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    }[];
  }[];
}

const dashboard = JSON.parse(
  readFileSync(join(observabilityDir, 'relais-dashboard.json'), 'utf8'),
) as Dashboard;
const rules = parse(readFileSync(join(observabilityDir, 'relais-alerts.yaml'), 'utf8')) as RuleFile;

/** Grafana's variables replaced by what Prometheus would receive. */
const withoutVariables = (expr: string) =>
  expr.replace(/\$__rate_interval|\$__interval|\$__range/g, '5m').replace(/\$[a-z_]+/g, '.*');

const panelsOf = (panels: Dashboard['panels']): Dashboard['panels'] =>
  panels.flatMap((p) => [p, ...panelsOf(p.panels ?? [])]);

/** Every expression to check, with where it comes from. */
const expressions: { where: string; expr: string }[] = [
  ...panelsOf(dashboard.panels).flatMap((p) =>
    (p.targets ?? []).map((t) => ({ where: `panel "${p.title}"`, expr: withoutVariables(t.expr) })),
  ),
  ...rules.groups.flatMap((g) => g.rules.map((r) => ({ where: `rule ${r.alert ?? '?'}`, expr: r.expr }))),
];

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/** Every node under `node`, itself first. */
const walk = (node: SyntaxNode): SyntaxNode[] => {
  const nodes = [node];
  for (let child = node.firstChild; child; child = child.nextSibling) nodes.push(...walk(child));
  return nodes;
};

/** What an expression's syntax tree says: syntax errors, the selectors and the grouping labels used. */
const analyse = (expr: string) => {
  const text = (n: SyntaxNode) => expr.slice(n.from, n.to);
  const selectorOf = (n: SyntaxNode) => ({
    metric: n.getChildren('Identifier').map(text)[0] ?? '',
    labels: (n.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []).flatMap((m) =>
      m.getChildren('LabelName').map(text),
    ),
  });
  const nodes = walk(parser.parse(expr).topNode);
  const errors = nodes
    .filter((n) => n.type.isError)
    .map((n) => `syntax error at ${String(n.from)}: "${expr.slice(n.from, n.from + 20)}"`);
  const selectors = nodes.filter((n) => n.name === 'VectorSelector').map(selectorOf);
  // `by (…)` of an aggregation, `on (…)` of a binary operation, with the metrics they group.
  const groupings = nodes
    .filter((n) => n.name === 'AggregateExpr' || n.name === 'BinaryExpr')
    .map((n) => ({
      labels: (
        (n.getChild('AggregateModifier') ?? n.getChild('MatchingModifierClause'))
          ?.getChild('GroupingLabels')
          ?.getChildren('LabelName') ?? []
      ).map(text),
      metrics: walk(n)
        .filter((inner) => inner.name === 'VectorSelector')
        .map((inner) => selectorOf(inner).metric),
    }))
    .filter((g) => g.labels.length > 0);
  return { errors, selectors, groupings };
};

describe('infra/observability: dashboard and alert rules', async () => {
  const known = new Map([...(await builtIn()), ...registeredInCode()]);
  const labelsOf = (metric: string) => known.get(metric)?.labels;

  it('finds the metrics the services register in the code', () => {
    for (const name of [
      'relais_http_request_duration_seconds_bucket',
      'relais_consumer_lag',
      'relais_dead_letters',
      'relais_outbox_pending',
      'relais_coverage_gaps',
      'relais_overdue_visits',
      'relais_overdue_corrective_actions',
    ])
      expect(known.has(name), name).toBe(true);
    expect(labelsOf('relais_consumer_lag')).toEqual(['group', 'topic', 'partition']);
  });

  it.each(expressions)('$where: $expr', ({ expr }) => {
    const { errors, selectors, groupings } = analyse(expr);
    expect(errors).toEqual([]);
    expect(selectors.length).toBeGreaterThan(0);
    for (const { metric, labels } of selectors) {
      expect(known.has(metric), `${metric} is not registered by any service`).toBe(true);
      const own = labelsOf(metric);
      if (own)
        for (const label of labels)
          expect([...own, ...TARGET_LABELS], `${metric}{${label}}`).toContain(label);
    }
    // A `by (…)` or `on (…)` label must be carried by at least one metric it groups.
    for (const { labels, metrics } of groupings) {
      const carried = new Set(metrics.flatMap((m) => labelsOf(m) ?? ['*']).concat(TARGET_LABELS));
      if (carried.has('*')) continue;
      for (const label of labels)
        expect([...carried], `grouping by ${label} over ${metrics.join(', ')}`).toContain(label);
    }
  });

  it('rejects what it should: a typo in a metric, a label or the syntax', () => {
    expect(analyse('sum(rate(relais_http_requests_total[5m])').errors).not.toEqual([]);
    const typo = analyse('max by (tenant) (relais_overdue_visit{kind="scheduled"})');
    expect(known.has(typo.selectors[0]?.metric ?? '')).toBe(false);
    expect(labelsOf('relais_overdue_visits')).not.toContain('tenantId');
  });

  it('shows every relais_* metric the code registers on the dashboard', () => {
    const onDashboard = new Set(
      panelsOf(dashboard.panels).flatMap((p) =>
        (p.targets ?? []).flatMap((t) => analyse(withoutVariables(t.expr)).selectors.map((s) => s.metric)),
      ),
    );
    const families = [...known.keys()].filter((n) => n.startsWith('relais_') && !/_(sum|bucket)$/.test(n));
    const missing = families.filter(
      (n) => !onDashboard.has(n) && !onDashboard.has(n.replace(/_count$/, '_bucket')),
    );
    expect(missing).toEqual([]);
  });

  it('template variables query registered metrics; every alert has a severity and a summary', () => {
    for (const variable of dashboard.templating.list.filter((v) => v.type === 'query')) {
      const query = typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? '');
      const metric = /^label_values\(([a-zA-Z_:][a-zA-Z0-9_:]*), ([a-z_]+)\)$/.exec(query);
      expect(metric, query).not.toBeNull();
      expect(known.has(metric?.[1] ?? ''), query).toBe(true);
    }
    for (const rule of rules.groups.flatMap((g) => g.rules)) {
      expect(rule.labels?.severity, rule.alert).toMatch(/^(critical|warning|info)$/);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
    }
  });
});
