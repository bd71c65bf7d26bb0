// Checks the Kubernetes manifests of infra/kubernetes without a cluster: every object against the
// Kubernetes JSON schemas (kubernetes-models), the example overlay rendered the way kustomize
// would for the few features it uses, and the project's own rules (probes on the health routes,
// non-root, secrets by reference only, consumers no wider than their topics' partitions).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { ALL_TOPICS } from '@relais/contracts';
import { repoRoot, repositoryServices } from './repository-services.ts';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const kubernetesDir = join(repoRoot, 'infra/kubernetes');
const baseDir = join(kubernetesDir, 'base');
const overlayDir = join(kubernetesDir, 'overlays/example');
const secretsExample = join(kubernetesDir, 'secrets.example.yaml');

/** A Kubernetes object as parsed from YAML (only what the rules below read is typed). */
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
  };
}
interface Probe {
  httpGet?: { path?: string; port?: number | string };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: unknown[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[] };
  };
}
interface PodSpec {
  containers: Container[];
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
}
interface DeploymentObject extends K8sObject {
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
}
interface ServiceObject extends K8sObject {
  spec: {
    type?: string;
    selector?: Record<string, string>;
    ports: { port: number; targetPort?: number | string }[];
  };
}

/** The kinds the manifests may use, each with the model that holds its schema. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};
const KUSTOMIZATION = 'kustomize.config.k8s.io/v1beta1/Kustomization';

/** Validates one object against the Kubernetes schema of its kind; throws with the object's name. */
const validateObject = (object: K8sObject, where: string): void => {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) throw new Error(`${where}: unknown kind ${object.apiVersion}/${object.kind}`);
  try {
    new Model(object as never).validate();
  } catch (error) {
    throw new Error(`${where}: ${object.kind} ${object.metadata.name}: ${(error as Error).message}`, {
      cause: error,
    });
  }
};

const yamlFilesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFilesUnder(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });

/** Every document of a YAML file, parsed strictly (a syntax error or a duplicate key fails). */
const loadYaml = (file: string): K8sObject[] =>
  parseAllDocuments(readFileSync(file, 'utf8'), { uniqueKeys: true }).map((document, index) => {
    const where = `${relative(repoRoot, file)} #${String(index)}`;
    if (document.errors.length > 0) throw new Error(`${where}: ${document.errors.map(String).join('; ')}`);
    const object = document.toJS() as K8sObject | null;
    if (!object || typeof object !== 'object') throw new Error(`${where}: empty document`);
    return object;
  });

interface Kustomization {
  namespace?: string;
  resources?: string[];
  images?: { name: string; newName?: string; newTag?: string }[];
  patches?: { path: string }[];
  replicas?: { name: string; count: number }[];
}
/** The kustomization fields the renderer below understands: anything else would be ignored silently. */
const KUSTOMIZATION_FIELDS = new Set([
  'apiVersion',
  'kind',
  'namespace',
  'resources',
  'images',
  'patches',
  'replicas',
]);

const loadKustomization = (dir: string): Kustomization => {
  const [document, ...more] = loadYaml(join(dir, 'kustomization.yaml'));
  if (!document || more.length > 0) throw new Error(`${dir}: one kustomization document expected`);
  expect(`${document.apiVersion}/${document.kind}`).toBe(KUSTOMIZATION);
  for (const field of Object.keys(document))
    if (!KUSTOMIZATION_FIELDS.has(field))
      throw new Error(`${dir}/kustomization.yaml: unsupported field ${field}`);
  return document as unknown as Kustomization;
};

/** Kinds whose objects live in a namespace (of those used here). */
const CLUSTER_SCOPED = new Set(['Namespace']);

/**
 * Renders a kustomization the way `kubectl kustomize` does for the features used here:
 * resources (files and directories), namespace, images, replicas, and strategic-merge patches
 * of ConfigMaps (data merged by key). Throws on anything else rather than render it wrong.
 */
const render = (dir: string): K8sObject[] => {
  const kustomization = loadKustomization(dir);
  const objects = (kustomization.resources ?? []).flatMap((resource) => {
    const path = resolve(dir, resource);
    if (!existsSync(path)) throw new Error(`${relative(repoRoot, dir)}: resource ${resource} does not exist`);
    return statSync(path).isDirectory() ? render(path) : loadYaml(path);
  });
  for (const { path } of kustomization.patches ?? []) {
    const file = resolve(dir, path);
    if (!existsSync(file)) throw new Error(`${relative(repoRoot, dir)}: patch ${path} does not exist`);
    for (const patch of loadYaml(file)) {
      if (patch.kind !== 'ConfigMap') throw new Error(`${path}: only ConfigMap patches are rendered here`);
      const target = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === patch.metadata.name);
      if (!target) throw new Error(`${path}: no ConfigMap ${patch.metadata.name} to patch`);
      target.data = { ...(target.data as Record<string, string>), ...(patch.data as Record<string, string>) };
    }
  }
  for (const { name, count } of kustomization.replicas ?? []) {
    const target = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name);
    if (!target) throw new Error(`${relative(repoRoot, dir)}: replicas for an unknown Deployment ${name}`);
    (target as DeploymentObject).spec.replicas = count;
  }
  for (const image of kustomization.images ?? []) {
    for (const container of objects.flatMap(containersOf)) {
      const [name, tag] = container.image.split(':');
      if (name !== image.name) continue;
      container.image = `${image.newName ?? name}:${image.newTag ?? tag ?? 'latest'}`;
    }
  }
  if (kustomization.namespace)
    for (const object of objects)
      if (!CLUSTER_SCOPED.has(object.kind)) object.metadata.namespace = kustomization.namespace;
  return objects;
};

const podSpecOf = (object: K8sObject): PodSpec | undefined =>
  object.kind === 'Deployment' || object.kind === 'Job'
    ? (object as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec
    : undefined;
const containersOf = (object: K8sObject): Container[] => podSpecOf(object)?.containers ?? [];

/** Environment names whose value is a credential: never written in a manifest. */
const SECRET_NAME = /SECRET|PASSWORD|PRIVATE|TOKEN|_KEY$|^(DATABASE|REDIS|SMTP)_URL$/;
/** A URL with a password in it. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]+@/i;

const mebibytes = (quantity: string | undefined): number => {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity ?? '');
  if (!match) throw new Error(`memory quantity ${String(quantity)}: expected <n>Mi or <n>Gi`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
};

/** Consumers of a group beyond the partition count of the topics would hold no partition. */
const PARTITIONS = Math.min(...ALL_TOPICS.map((topic) => topic.partitions));

const baseObjects = render(baseDir);
const deployments = baseObjects.filter((o): o is DeploymentObject => o.kind === 'Deployment');
const ofKind = (kind: string) => baseObjects.filter((o) => o.kind === kind);
const configMap = ofKind('ConfigMap').find((o) => o.metadata.name === 'relais-config') as
  (K8sObject & { data: Record<string, string> }) | undefined;
const exampleSecrets = loadYaml(secretsExample) as (K8sObject & {
  stringData?: Record<string, string>;
  data?: unknown;
})[];

describe('Kubernetes manifests (infra/kubernetes)', () => {
  it('every document of every YAML file is valid against the Kubernetes schema of its kind', () => {
    const files = yamlFilesUnder(kubernetesDir);
    expect(files.length).toBeGreaterThan(5);
    let validated = 0;
    for (const file of files) {
      for (const [index, object] of loadYaml(file).entries()) {
        const where = `${relative(repoRoot, file)} #${String(index)}`;
        if (`${object.apiVersion}/${object.kind}` === KUSTOMIZATION) {
          expect(basename(file), where).toBe('kustomization.yaml');
          continue;
        }
        const { metadata } = object as { metadata?: { name?: unknown } };
        expect(metadata?.name, `${where}: metadata.name`).toBeTruthy();
        validateObject(object, where);
        validated++;
      }
    }
    expect(validated).toBeGreaterThan(20);
  });

  it('the schema validation catches a wrong type (the validator is live)', () => {
    const broken = structuredClone(deployments[0]) as DeploymentObject;
    (broken.spec.template.spec.containers[0] as unknown as { ports: unknown }).ports = [
      { containerPort: 'http' },
    ];
    expect(() => {
      validateObject(broken, 'broken');
    }).toThrow(/containerPort/);
    expect(() => {
      validateObject({ ...broken, kind: 'StatefulSet' }, 'broken');
    }).toThrow(/unknown kind/);
  });

  it('the base lists every manifest beside it, and no kustomization applies the secrets example', () => {
    const listed = new Set((loadKustomization(baseDir).resources ?? []).map((r) => resolve(baseDir, r)));
    for (const file of yamlFilesUnder(baseDir))
      if (basename(file) !== 'kustomization.yaml') expect(listed, relative(repoRoot, file)).toContain(file);
    for (const file of yamlFilesUnder(kubernetesDir).filter((f) => basename(f) === 'kustomization.yaml')) {
      const { resources = [], patches = [] } = loadKustomization(dirname(file));
      for (const entry of [...resources, ...patches.map((p) => p.path)])
        expect(resolve(dirname(file), entry), relative(repoRoot, file)).not.toBe(secretsExample);
    }
    expect(baseObjects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  it('runs every service of the repository, each as a Deployment of several instances', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(
      repositoryServices.map((s) => s.name).sort(),
    );
    for (const service of repositoryServices) {
      const deployment = deployments.find((d) => d.metadata.name === service.name);
      const replicas = deployment?.spec.replicas ?? 1;
      expect(replicas, `${service.name} replicas`).toBeGreaterThanOrEqual(2);
      if (service.consumer)
        expect(
          replicas,
          `${service.name}: consumers beyond ${String(PARTITIONS)} partitions idle`,
        ).toBeLessThanOrEqual(PARTITIONS);
    }
  });

  describe.each(repositoryServices)('Deployment $name', (service) => {
    const deployment = deployments.find((d) => d.metadata.name === service.name) as DeploymentObject;
    const pod = deployment.spec.template.spec;
    const container = pod.containers.find((c) => c.name === service.name) as Container;
    const env = new Map((container.env ?? []).map((variable) => [variable.name, variable]));

    it('runs the service from the workspace image on its port', () => {
      expect(pod.containers).toHaveLength(1);
      expect(container.image).toMatch(/^relais-workspace(:|$)/);
      const entry = `services/${service.name}/src/main.ts`;
      expect(container.command?.at(-1)).toBe(entry);
      expect(existsSync(join(repoRoot, entry))).toBe(true);
      expect(container.ports).toEqual([
        expect.objectContaining({ name: 'http', containerPort: service.port }),
      ]);
      expect(env.get('PORT')?.value).toBe(String(service.port));
      expect(deployment.spec.selector.matchLabels).toEqual(
        expect.objectContaining({ 'app.kubernetes.io/name': service.name }),
      );
      for (const [label, value] of Object.entries(deployment.spec.selector.matchLabels))
        expect(deployment.spec.template.metadata.labels[label], label).toBe(value);
    });

    it('probes readiness on /health/ready, liveness and start-up on /health/live, at the container port', () => {
      const atPort = (probe: Probe | undefined, path: string) => {
        expect(probe?.httpGet?.path).toBe(path);
        expect([service.port, 'http']).toContain(probe?.httpGet?.port);
      };
      atPort(container.readinessProbe, '/health/ready');
      atPort(container.livenessProbe, '/health/live');
      atPort(container.startupProbe, '/health/live');
    });

    it('runs as a non-root user without privileges, on a read-only root filesystem', () => {
      const runAsNonRoot = container.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
      const runAsUser = container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
      expect(runAsNonRoot).toBe(true);
      // The image names its user (USER node): the kubelet can only check a numeric one.
      expect(runAsUser).toBeGreaterThan(0);
      expect(container.securityContext?.allowPrivilegeEscalation).toBe(false);
      expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
      expect(container.securityContext?.capabilities?.drop).toContain('ALL');
    });

    it('has time to stop gracefully and memory above the measured RSS', () => {
      // docker-compose.yml gives 30 s; the preStop pause comes on top.
      expect(pod.terminationGracePeriodSeconds ?? 30).toBeGreaterThanOrEqual(30);
      expect(mebibytes(container.resources?.requests?.memory)).toBeGreaterThanOrEqual(230);
      expect(mebibytes(container.resources?.limits?.memory)).toBeGreaterThanOrEqual(
        mebibytes(container.resources?.requests?.memory),
      );
      expect(container.resources?.requests?.cpu).toBeTruthy();
    });

    it('takes secrets by reference only, its database from a Secret of its own', () => {
      expect(container.envFrom).toBeUndefined();
      for (const variable of container.env ?? []) {
        if (variable.value === undefined) continue;
        expect(SECRET_NAME.test(variable.name), `${variable.name} has an inline value`).toBe(false);
        expect(variable.value, variable.name).not.toMatch(URL_WITH_PASSWORD);
      }
      expect(env.get('DATABASE_URL')?.valueFrom?.secretKeyRef?.name).toBe(`relais-${service.name}`);
      const required = [
        'NODE_ENV',
        'HOST',
        'KAFKA_BROKERS',
        'SERVICE_TOKEN_PUBLIC_KEY',
        'DATABASE_APP_PASSWORD',
      ];
      if (service.name === 'trial-period') required.push('TUTOR_LINK_SECRET');
      if (service.name === 'admin-ui') required.push('SESSION_SECRET', 'SERVICE_TOKEN_PRIVATE_KEY');
      for (const name of required) expect(env.has(name), name).toBe(true);
      // Redis's address and password only where the service keeps state there (the edge).
      expect(env.has('REDIS_URL'), 'REDIS_URL').toBe(service.usesRedis);
      // Only the edge may sign service tokens.
      if (service.name !== 'admin-ui') expect(env.has('SERVICE_TOKEN_PRIVATE_KEY')).toBe(false);
    });

    it('refers only to ConfigMap keys that exist and Secret keys the example documents', () => {
      for (const { name, valueFrom } of container.env ?? []) {
        const fromConfig = valueFrom?.configMapKeyRef;
        if (fromConfig) {
          expect(fromConfig.name, name).toBe('relais-config');
          expect(Object.keys(configMap?.data ?? {}), name).toContain(fromConfig.key);
        }
        const fromSecret = valueFrom?.secretKeyRef;
        if (fromSecret) {
          const secret = exampleSecrets.find((s) => s.metadata.name === fromSecret.name);
          expect(Object.keys(secret?.stringData ?? {}), `${name} from ${fromSecret.name}`).toContain(
            fromSecret.key,
          );
        }
      }
    });

    it('has one ClusterIP Service selecting its pods on its port, and a disruption budget', () => {
      const services = (ofKind('Service') as ServiceObject[]).filter((s) =>
        Object.entries(s.spec.selector ?? {}).every(
          ([k, v]) => deployment.spec.template.metadata.labels[k] === v,
        ),
      );
      expect(services.map((s) => s.metadata.name)).toEqual([service.name]);
      const [own] = services as [ServiceObject];
      expect(own.spec.selector).toEqual(deployment.spec.selector.matchLabels);
      expect(own.spec.type ?? 'ClusterIP').toBe('ClusterIP');
      expect(own.spec.ports).toHaveLength(1);
      expect(own.spec.ports[0]?.port).toBe(service.port);
      expect(['http', service.port]).toContain(own.spec.ports[0]?.targetPort ?? own.spec.ports[0]?.port);
      const budgets = ofKind('PodDisruptionBudget').filter(
        (p) =>
          JSON.stringify((p as unknown as { spec: { selector: unknown } }).spec.selector) ===
          JSON.stringify({ matchLabels: deployment.spec.selector.matchLabels }),
      );
      expect(budgets, 'PodDisruptionBudget').toHaveLength(1);
    });
  });

  it('shares production settings that are not secret through the ConfigMap', () => {
    expect(configMap?.data.NODE_ENV).toBe('production');
    expect(configMap?.data.HOST).toBe('0.0.0.0');
    for (const [key, value] of Object.entries(configMap?.data ?? {})) {
      expect(SECRET_NAME.test(key), `${key} in a ConfigMap`).toBe(false);
      expect(value, key).not.toMatch(URL_WITH_PASSWORD);
    }
  });

  it('creates the topics with a Job running `infra/src/cli.ts topics create`', () => {
    const [job, ...more] = ofKind('Job');
    expect(more).toEqual([]);
    const [container] = containersOf(job as K8sObject);
    expect(container?.command?.slice(-3)).toEqual(['infra/src/cli.ts', 'topics', 'create']);
    expect(container?.env?.find((e) => e.name === 'KAFKA_BROKERS')?.valueFrom?.configMapKeyRef?.key).toBe(
      'KAFKA_BROKERS',
    );
    expect(container?.securityContext?.allowPrivilegeEscalation).toBe(false);
    expect(podSpecOf(job as K8sObject)?.securityContext?.runAsNonRoot).toBe(true);
  });

  it('documents every Secret key with a placeholder value only', () => {
    for (const secret of exampleSecrets) {
      expect(secret.kind).toBe('Secret');
      expect(secret.data, `${secret.metadata.name}: use stringData placeholders`).toBeUndefined();
      for (const [key, value] of Object.entries(secret.stringData ?? {}))
        expect(value, `${secret.metadata.name}.${key}`).toContain('CHANGE-ME');
    }
  });

  describe('the example overlay, rendered', () => {
    const rendered = render(overlayDir);

    it('is valid, namespaced, and runs the image from a registry with a tag', () => {
      for (const object of rendered) validateObject(object, 'overlays/example (rendered)');
      for (const object of rendered.filter((o) => !CLUSTER_SCOPED.has(o.kind)))
        expect(object.metadata.namespace, `${object.kind} ${object.metadata.name}`).toBe('relais');
      const images = new Set(rendered.flatMap(containersOf).map((c) => c.image));
      expect([...images]).toEqual([expect.stringMatching(/^[\w.-]+\/[\w./-]+:(?!local$|latest$)[\w.-]+$/)]);
    });

    it('sets its own brokers and keeps consumers within the partition count', () => {
      const config = rendered.find((o) => o.kind === 'ConfigMap') as K8sObject & {
        data: Record<string, string>;
      };
      expect(config.data.KAFKA_BROKERS).not.toBe(configMap?.data.KAFKA_BROKERS);
      expect(config.data.NODE_ENV).toBe('production');
      for (const deployment of rendered.filter((o): o is DeploymentObject => o.kind === 'Deployment')) {
        const service = repositoryServices.find((s) => s.name === deployment.metadata.name);
        if (service?.consumer) expect(deployment.spec.replicas, service.name).toBeLessThanOrEqual(PARTITIONS);
      }
    });

    it('exposes the admin UI edge alone, over TLS', () => {
      for (const service of rendered.filter((o) => o.kind === 'Service') as ServiceObject[])
        expect(service.spec.type ?? 'ClusterIP', service.metadata.name).toBe('ClusterIP');
      const ingresses = rendered.filter((o) => o.kind === 'Ingress') as (K8sObject & {
        spec: {
          tls?: { hosts?: string[]; secretName?: string }[];
          rules?: { host?: string; http?: { paths: { backend: { service?: { name: string } } }[] } }[];
        };
      })[];
      expect(ingresses.length).toBeGreaterThan(0);
      for (const ingress of ingresses) {
        const backends = (ingress.spec.rules ?? [])
          .flatMap((r) => r.http?.paths ?? [])
          .map((p) => p.backend.service?.name);
        expect(new Set(backends)).toEqual(new Set(['admin-ui']));
        const tlsHosts = (ingress.spec.tls ?? []).flatMap((t) => t.hosts ?? []);
        for (const rule of ingress.spec.rules ?? []) expect(tlsHosts).toContain(rule.host);
      }
    });
  });
});
