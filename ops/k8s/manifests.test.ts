import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { validateStrict } from "./strict-validate";

// Offline checks of the Kubernetes manifests: each overlay renders with `kubectl
// kustomize`, and every object it renders validates against its kind's schema, strictly.

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ROOT = path.resolve(import.meta.dirname, "../..");
const OVERLAYS = ["staging", "production"];

function render(overlay: string): Json[] {
  const out = execFileSync("kubectl", ["kustomize", path.join(ROOT, "ops/k8s/overlays", overlay)], { encoding: "utf8" });
  return parseAllDocuments(out).map((d) => d.toJS() as Json);
}

const rendered = Object.fromEntries(OVERLAYS.map((o) => [o, render(o)]));
const find = (overlay: string, kind: string) => rendered[overlay]!.find((o) => o.kind === kind)!;

describe.each(OVERLAYS)("the %s overlay", (overlay) => {
  it("renders every object the deployment needs, and no Secret (secrets are referenced by name)", () => {
    expect(rendered[overlay]!.map((o) => o.kind).sort()).toEqual(
      [
        "ConfigMap",
        "Deployment",
        "HorizontalPodAutoscaler",
        "Ingress",
        "NetworkPolicy",
        "PodDisruptionBudget",
        "PrometheusRule",
        "Service",
        "ServiceMonitor",
      ].sort(),
    );
  });

  it("validates every object against the Kubernetes and Prometheus Operator schemas", () => {
    for (const object of rendered[overlay]!) expect(validateStrict(object), `${object.kind} ${object.metadata.name}`).toEqual([]);
  });

  it("runs three hardened replicas with startup, readiness and liveness probes", () => {
    const deployment = find(overlay, "Deployment");
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    expect(deployment.spec.replicas).toBe(3);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
    expect(container.readinessProbe.httpGet.path).toBe("/api/ready");
    expect(container.livenessProbe.httpGet.path).toBe("/api/health");
    expect(container.startupProbe.httpGet.path).toBe("/api/health");
    expect(container.resources.requests).toBeDefined();
    expect(container.resources.limits).toBeDefined();
    expect(find(overlay, "HorizontalPodAutoscaler").spec.minReplicas).toBe(3);
  });

  it("mounts the generated policy ConfigMap, which holds every file of policies/", () => {
    const configMap = find(overlay, "ConfigMap");
    const files = readdirSync(path.join(ROOT, "policies")).filter((n) => /\.ya?ml$/.test(n));
    expect(Object.keys(configMap.data).sort()).toEqual(files.sort());
    for (const name of files) expect(configMap.data[name]).toBe(readFileSync(path.join(ROOT, "policies", name), "utf8"));
    const volumes = find(overlay, "Deployment").spec.template.spec.volumes;
    expect(volumes.find((v: Json) => v.name === "policies").configMap.name).toBe(configMap.metadata.name);
  });

  it("scrapes metrics with the token from the Secret the server reads it from", () => {
    const endpoint = find(overlay, "ServiceMonitor").spec.endpoints[0];
    const tokenEnv = find(overlay, "Deployment").spec.template.spec.containers[0].env.find(
      (e: Json) => e.name === "GATEHOUSE_METRICS_TOKEN",
    );
    expect(endpoint.path).toBe("/api/metrics");
    expect(endpoint.authorization.credentials).toEqual(tokenEnv.valueFrom.secretKeyRef);
  });

  it("holds the same alert rules as ops/prometheus/alerts.yml (npm run ops:prometheus-rule)", () => {
    const alerts = parse(readFileSync(path.join(ROOT, "ops/prometheus/alerts.yml"), "utf8"));
    expect(find(overlay, "PrometheusRule").spec.groups).toEqual(alerts.groups);
  });
});

describe("strict validation", () => {
  const deployment = () => structuredClone(find("production", "Deployment"));

  it("fails on a field the schema does not have, and names where it is", () => {
    const broken = deployment();
    broken.spec.replica = 3; // a typo of replicas
    broken.spec.template.spec.containers[0].securityContext.readOnlyRootFS = true;
    expect(validateStrict(broken).sort()).toEqual([
      "/spec/replica: unknown field",
      "/spec/template/spec/containers/0/securityContext/readOnlyRootFS: unknown field",
    ]);
  });

  it("fails on a wrong type", () => {
    const broken = deployment();
    broken.spec.replicas = "three";
    expect(validateStrict(broken).join("\n")).toMatch(/spec\/replicas must be integer/);
  });

  it("fails on an unknown field in a custom resource", () => {
    const broken = structuredClone(find("production", "ServiceMonitor"));
    broken.spec.endpoints[0].bearerTokenSecretz = { name: "x", key: "y" };
    expect(validateStrict(broken)).toEqual(["/spec/endpoints/0/bearerTokenSecretz: unknown field"]);
  });

  it("accepts free-form maps (labels, annotations, ConfigMap data)", () => {
    const ok = deployment();
    ok.metadata.annotations = { "example.com/anything": "goes" };
    expect(validateStrict(ok)).toEqual([]);
  });
});
