import * as actions from "../contracts/actions";
import * as agents from "../contracts/agents";
import * as approvals from "../contracts/approvals";
import * as audit from "../contracts/audit";
import * as dashboard from "../contracts/dashboard";
import type { Operation } from "../contracts/operation";
import * as policies from "../contracts/policies";
import * as policyStudio from "../contracts/policy-studio";
import * as system from "../contracts/system";

// Every operation the API serves, gathered from the contracts (each `…Operation` export),
// so adding one to a contracts file is all it takes to document it.

const isOperation = (value: unknown): value is Operation =>
  typeof value === "object" && value !== null && "operationId" in value && "method" in value && "path" in value && "access" in value;

export const OPERATIONS: readonly Operation[] = [actions, agents, approvals, audit, dashboard, policies, policyStudio, system].flatMap(
  (module) => Object.values(module).filter(isOperation),
);
