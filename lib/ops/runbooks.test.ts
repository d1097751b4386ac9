import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RUNBOOKS, runbookLink } from "./runbooks";

describe("runbook links", () => {
  it("name runbooks that exist in docs/runbooks", () => {
    for (const file of Object.values(RUNBOOKS)) expect(existsSync(path.join("docs/runbooks", file)), file).toBe(true);
  });

  it("link to the configured site, or name the repository path when there is none", () => {
    expect(runbookLink("runawayAgent", "https://git.example.com/gh/blob/main/docs/runbooks/")).toEqual({
      href: "https://git.example.com/gh/blob/main/docs/runbooks/runaway-agent.md",
      path: "https://git.example.com/gh/blob/main/docs/runbooks/runaway-agent.md",
    });
    expect(runbookLink("approvalBacklog", "docs/runbooks/")).toEqual({ href: null, path: "docs/runbooks/approval-backlog.md" });
  });
});
