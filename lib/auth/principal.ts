import type { Role } from "./permissions";

/**
 * A person acting in the console: the signed-in user, an approver casting a vote, the
 * author of a standing approval. `groups` name approver groups (e.g. "finance") that
 * approval steps may ask for. Functions that need less take a `Pick` of it.
 */
export type Principal = { id: string; email: string; name: string | null; role: Role; groups: string[] };

/** What deciding an approval needs of a principal. */
export type ApproverPrincipal = Pick<Principal, "id" | "email" | "role" | "groups">;
