"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createContext, useContext, useState, type ReactNode } from "react";

/** This page's Content-Security-Policy nonce (proxy.ts), for code that adds <style> elements itself (CodeMirror). */
const NonceContext = createContext<string | undefined>(undefined);
export const useNonce = () => useContext(NonceContext);

const isClientError = (error: unknown) => {
  const status = (error as { status?: unknown }).status;
  return typeof status === "number" && status >= 400 && status < 500;
};

export function Providers({ nonce, children }: { nonce?: string; children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // A 4xx (not found, forbidden, invalid) will not change on retry: show it at once.
          queries: { staleTime: 5_000, refetchOnWindowFocus: true, retry: (failures, error) => !isClientError(error) && failures < 3 },
        },
      }),
  );
  return (
    <NonceContext value={nonce}>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </NonceContext>
  );
}
