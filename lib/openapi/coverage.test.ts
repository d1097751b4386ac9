import { describe, expect, it } from "vitest";
import type { Operation } from "../contracts/operation";
import { HTTP_METHODS as METHODS, routeFiles } from "../testing/app-surface";
import { openApiDocument } from "./document";
import { OPERATIONS } from "./operations";

// Every route file under app/api serves each of its methods through route(operation, …),
// and every operation is in the OpenAPI document: a new endpoint cannot go undocumented.

/** next-auth's own handler, and the JSON 404 for unknown paths: not endpoints of ours. */
const NOT_ENDPOINTS = ["/api/auth/{...nextauth}", "/api/{...unknown}"];

const routes = routeFiles().filter(({ urlPath }) => urlPath.startsWith("/api/") && !NOT_ENDPOINTS.includes(urlPath));
const files = routes.map(({ file }) => file);
const urlPathOf = (file: string) => routes.find((r) => r.file === file)!.urlPath;

describe("route contracts", () => {
  it("finds the route files", () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.map(urlPathOf)).toContain("/api/v1/actions/{id}/result");
  });

  it.each(files.map((file) => [urlPathOf(file), file]))("%s serves every method through its operation", async (urlPath, file) => {
    const routeModule = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    const served = METHODS.filter((method) => typeof routeModule[method] === "function");
    expect(served.length).toBeGreaterThan(0);
    for (const method of served) {
      const handler = routeModule[method] as { operation?: Operation; allowedMethods?: string[] };
      if (handler.allowedMethods) continue; // the JSON 405 for a method the route does not serve
      expect(handler.operation, `${method} ${urlPath} is not route(operation, …)`).toBeDefined();
      expect({ method: handler.operation!.method, path: handler.operation!.path }).toEqual({ method, path: urlPath });
    }
  });

  it("documents every operation, and only those", () => {
    const doc = openApiDocument();
    const documented = Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.sort()).toEqual(OPERATIONS.map((op) => `${op.method} ${op.path}`).sort());
    expect(new Set(OPERATIONS.map((op) => op.operationId)).size).toBe(OPERATIONS.length);
  });

  it("documents every route file's methods (under /api/v1 in particular)", async () => {
    const doc = openApiDocument();
    for (const file of files) {
      const routeModule = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
      const endpoint = (m: string) =>
        typeof routeModule[m] === "function" && !(routeModule[m] as { allowedMethods?: string[] }).allowedMethods;
      for (const method of METHODS.filter(endpoint)) {
        expect(
          doc.paths[urlPathOf(file)]?.[method.toLowerCase()],
          `${method} ${urlPathOf(file)} is not in the OpenAPI document`,
        ).toBeDefined();
      }
    }
    expect(Object.keys(doc.paths).filter((p) => p.startsWith("/api/v1")).length).toBeGreaterThanOrEqual(13);
  });
});
