"use client";

import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";

/**
 * A chart with its title, and the same numbers as a table on demand. With `empty`, the
 * chart gives way to a sentence saying what will appear here.
 */
export function ChartCard({
  title,
  description,
  chart,
  table,
  empty,
  testId,
}: {
  title: string;
  description?: ReactNode;
  chart: ReactNode;
  table: ReactNode;
  empty?: string | null;
  testId: string;
}) {
  const [asTable, setAsTable] = useState(false);
  return (
    <Card data-testid={testId}>
      <CardHeader
        title={title}
        description={description}
        actions={
          empty ? null : (
            <Button size="sm" variant="ghost" aria-pressed={asTable} onClick={() => setAsTable((v) => !v)}>
              {asTable ? "Chart" : "Table"}
            </Button>
          )
        }
      />
      <CardBody className={asTable && !empty ? "p-0" : undefined}>
        {empty ? (
          <p className="py-8 text-center text-sm text-zinc-500" data-testid="chart-empty">
            {empty}
          </p>
        ) : asTable ? (
          table
        ) : (
          chart
        )}
      </CardBody>
    </Card>
  );
}
