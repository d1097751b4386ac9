"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { setAgentStatusAction } from "@/app/(console)/agents/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Notice } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

/** Disables an agent (every key refused on every replica within a second) or enables it again. */
export function AgentStatusButton({ agentId, name, status }: { agentId: string; name: string; status: "active" | "disabled" }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const { run, pending, error, reset } = useServerAction(setAgentStatusAction);
  const disabling = status === "active";
  const verb = disabling ? "Disable" : "Enable";
  return (
    <>
      <Button
        variant={disabling ? "danger" : "secondary"}
        onClick={() => {
          reset();
          setOpen(true);
        }}
      >
        {verb} agent
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={`${verb} ${name}?`}
        description={
          disabling
            ? "Every request with this agent's keys is refused from now on, until it is enabled again. Its keys are kept."
            : "This agent's unrevoked keys work again."
        }
        footer={
          <>
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              variant={disabling ? "danger" : "primary"}
              disabled={pending}
              onClick={() =>
                run({ agentId, status: disabling ? "disabled" : "active" }, () => {
                  setOpen(false);
                  router.refresh();
                })
              }
            >
              {pending ? (disabling ? "Disabling…" : "Enabling…") : `${verb} agent`}
            </Button>
          </>
        }
      >
        {error ? (
          <Notice tone="error" data-testid="form-error">
            {error}
          </Notice>
        ) : null}
      </Dialog>
    </>
  );
}
