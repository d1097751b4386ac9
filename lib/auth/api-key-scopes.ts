// What an API key may do. Apart from the key format (api-key-format.ts, which needs
// node:crypto) so that the browser's key dialog can list the scopes without Node polyfills.

export const API_KEY_SCOPES = ["actions:write", "actions:read", "audit:read"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
export const DEFAULT_SCOPES: ApiKeyScope[] = ["actions:write", "actions:read"];
