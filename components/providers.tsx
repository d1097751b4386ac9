"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";

const isClientError = (error: unknown) => {
  const status = (error as { status?: unknown }).status;
  return typeof status === "number" && status >= 400 && status < 500;
};

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // A 4xx (not found, forbidden, invalid) will not change on retry: show it at once.
          queries: { staleTime: 5_000, refetchOnWindowFocus: true, retry: (failures, error) => !isClientError(error) && failures < 3 },
        },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
