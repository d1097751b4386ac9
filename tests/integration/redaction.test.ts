import { describe, expect, it, vi } from "vitest";
import { entryData } from "@/lib/audit/leaf";

vi.hoisted(() => {
  process.env.GATEHOUSE_AUDIT_REDACT = "params.email,params.card";
});

import { transaction } from "@/lib/db/transaction";
import { appendAudit } from "@/lib/audit/service";
import { db } from "@/lib/db/client";
import { uniq } from "@/lib/testing/factories";

describe("audit redaction", () => {
  it("stores configured fields as salted tokens, so equal values stay comparable and clear values never enter the log", async () => {
    const marker = uniq("redaction");
    for (const email of ["ana@example.com", "ana@example.com", "bo@example.com"]) {
      await transaction((tx) =>
        appendAudit(tx, {
          type: "action.submitted",
          actor: { type: "system", label: marker },
          data: { params: { email, card: "4111 1111 1111 1111", amount: 5 } },
        }),
      );
    }
    const rows = await db().auditEntry.findMany({ where: { actorLabel: marker }, orderBy: { id: "asc" } });
    const params = rows.map((r) => entryData(r).params as { email: string; amount: number });
    expect(rows.map((r) => r.canonical + JSON.stringify(r.content)).join()).not.toMatch(/ana@example\.com|bo@example\.com|4111/);
    expect(params[0]!.email).toMatch(/^redacted:hmac-sha256:/);
    expect(params[0]!.email).toBe(params[1]!.email);
    expect(params[0]!.email).not.toBe(params[2]!.email);
    expect(params[0]!.amount).toBe(5);
  });
});
