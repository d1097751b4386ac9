// Retention and erasure, the pure part: which data is due for removal (from the settings
// and the clock), and where an erasure looks for a data subject's value. The SQL that
// carries a plan out is in service.ts.

export const RETENTION_KINDS = ["actionPayloads", "auditPayloads", "deliveries", "sessions"] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/** Days to keep each kind of data; a kind left out is kept for ever. */
export type RetentionSettings = Partial<Record<RetentionKind, number>>;

export type RetentionStep = { kind: RetentionKind; days: number; before: Date };

const DAY_MS = 86_400_000;

/** The kinds of data due for removal now, each with the cut-off before which it goes. */
export function planRetention(settings: RetentionSettings, now: Date): RetentionStep[] {
  return RETENTION_KINDS.flatMap((kind) => {
    const days = settings[kind];
    return days === undefined ? [] : [{ kind, days, before: new Date(now.getTime() - days * DAY_MS) }];
  });
}

/** Where an erasure path (relative to an action, or to an audit event's data) is looked for. */
export type ErasureTarget = {
  path: string;
  /** The actions column (params or context) and the path inside it, when the path is about an action's request. */
  action?: { column: "params" | "context"; path: string[] };
  /** v2 audit fields that may hold the value: the path's own field, and the rest of the data ("*") at the path. */
  audit: { field: string; path: string[] }[];
};

export function erasureTargets(paths: readonly string[][], restField: string): ErasureTarget[] {
  return paths.map((path) => {
    const [head, ...rest] = path;
    return {
      path: path.join("."),
      ...((head === "params" || head === "context") && rest.length ? { action: { column: head, path: rest } } : {}),
      audit: [
        { field: path.join("."), path: [] },
        { field: restField, path },
      ],
    };
  });
}
