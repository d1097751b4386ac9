import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { JsonView } from "@/components/ui/json-view";
import { PageHeader } from "@/components/ui/page-header";
import { openApiDocument } from "@/lib/openapi/document";

export const metadata: Metadata = { title: "API docs" };

type Operation = { operationId: string; summary: string; description?: string; responses: Record<string, { description: string }> };

export default function ApiDocsPage() {
  const doc = openApiDocument();
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, op]) => ({ path, method, op })),
  );
  return (
    <>
      <PageHeader
        title="Agent API"
        description={
          <>
            Send the agent&apos;s key as <code className="font-mono">Authorization: Bearer gatehouse_…</code>. The machine-readable document
            is at{" "}
            <a className="underline" href="/api/v1/openapi.json">
              /api/v1/openapi.json
            </a>
            ; a typed client is in <code className="font-mono">lib/client/gatehouse-client.ts</code>.
          </>
        }
      />
      <div className="grid gap-4">
        {operations.map(({ path, method, op }) => (
          <Card key={op.operationId} id={op.operationId}>
            <CardHeader
              title={
                <span className="font-mono">
                  <Badge tone="blue" className="mr-2 uppercase">
                    {method}
                  </Badge>
                  {path}
                </span>
              }
              description={op.summary}
            />
            <CardBody className="space-y-2 text-sm">
              {op.description ? <p>{op.description}</p> : null}
              <ul className="grid grid-cols-[4rem_1fr] gap-y-0.5">
                {Object.entries(op.responses).map(([code, r]) => (
                  <li key={code} className="contents">
                    <span className="font-mono">{code}</span>
                    <span className="text-zinc-600">{r.description}</span>
                  </li>
                ))}
              </ul>
            </CardBody>
          </Card>
        ))}
        <Card>
          <CardHeader title="Submit an action: request body schema" />
          <CardBody>
            <JsonView value={doc.components.schemas.SubmitAction} />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
