import { Service, ConfigMap } from "kubernetes-models/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import { Ingress, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { PrometheusRule, ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";

// Validates a rendered object against the Kubernetes schema of its kind (the
// `kubernetes-models` packages: the API server's OpenAPI schemas, and the Prometheus
// Operator's CRDs), as strictly as `kubectl apply --validate=strict`: wrong types and
// missing required fields (the schemas), and fields the schema does not have. The
// schemas allow unknown fields, so the validator reads the object through a proxy that
// notes every field it looks up: a field it never looked at is one the schema lacks.

type ModelClass = { apiVersion: string; kind: string; prototype: { validate(): void } };
const MODELS: ModelClass[] = [
  Service,
  ConfigMap,
  Deployment,
  Ingress,
  NetworkPolicy,
  PodDisruptionBudget,
  HorizontalPodAutoscaler,
  PrometheusRule,
  ServiceMonitor,
];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null;

/** The object behind a proxy that records which fields were read, and which objects were enumerated as maps. */
function tracked(root: Json) {
  const read = new WeakMap<object, Set<string>>();
  const enumerated = new WeakSet<object>();
  const proxies = new WeakMap<object, object>();
  const wrap = (value: unknown): unknown => {
    if (!isObject(value)) return value;
    let proxy = proxies.get(value);
    if (!proxy) {
      const seen = new Set<string>();
      read.set(value, seen);
      proxy = new Proxy(value, {
        get(target, key, receiver) {
          if (typeof key === "string") seen.add(key);
          return wrap(Reflect.get(target, key, receiver));
        },
        has(target, key) {
          if (typeof key === "string") seen.add(key);
          return Reflect.has(target, key);
        },
        ownKeys(target) {
          enumerated.add(target);
          return Reflect.ownKeys(target);
        },
      });
      proxies.set(value, proxy);
    }
    return proxy;
  };
  return { proxy: wrap(root) as Json, read, enumerated };
}

function unknownFields(value: unknown, at: string, read: WeakMap<object, Set<string>>, enumerated: WeakSet<object>): string[] {
  if (!isObject(value)) return [];
  if (Array.isArray(value)) return value.flatMap((item, i) => unknownFields(item, `${at}/${i}`, read, enumerated));
  const seen = read.get(value);
  return Object.entries(value).flatMap(([key, child]) => {
    if (!enumerated.has(value) && !seen?.has(key)) return [`${at}/${key}: unknown field`];
    return unknownFields(child, `${at}/${key}`, read, enumerated);
  });
}

/** Problems with one object: an empty list when it is valid. */
export function validateStrict(object: Json): string[] {
  const model = MODELS.find((m) => m.apiVersion === object.apiVersion && m.kind === object.kind);
  if (!model) return [`no schema for ${String(object.apiVersion)} ${String(object.kind)}`];
  const { proxy, read, enumerated } = tracked(object);
  try {
    model.prototype.validate.call(proxy);
  } catch (error) {
    return [(error as Error).message];
  }
  return unknownFields(object, "", read, enumerated);
}
