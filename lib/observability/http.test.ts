import { expect, it } from "vitest";
import { routeTemplate } from "./http";

it("names a route's dynamic segments, whatever their value, and leaves the rest", () => {
  expect(routeTemplate("/api/v1/actions/3f2a9c1e-0000-4000-8000-000000000001/result", { id: "3f2a9c1e-0000-4000-8000-000000000001" })).toBe("/api/v1/actions/{id}/result");
  expect(routeTemplate("/api/v1/actions/not-a-uuid", { id: "not-a-uuid" })).toBe("/api/v1/actions/{id}");
  expect(routeTemplate("/api/v1/audit/entries/42/proof", { seq: "42" })).toBe("/api/v1/audit/entries/{seq}/proof");
  expect(routeTemplate("/api/v1/actions", {})).toBe("/api/v1/actions");
});
