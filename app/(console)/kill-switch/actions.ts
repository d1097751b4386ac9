"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { userActor } from "@/lib/audit/entry";
import { authedAction } from "@/lib/http/authed-action";
import { engageKillSwitch, releaseKillSwitch } from "@/lib/killswitch/service";
import { EngageSchema, ReleaseSchema } from "@/lib/killswitch/target";

// A typed confirmation guards both directions: the operator types the word shown.
const confirmed = (word: string) => z.literal(word, { error: `Type ${word} to confirm` });

export const engageAction = authedAction(
  EngageSchema.extend({ confirmation: confirmed("HALT") }),
  "killswitch:operate",
  async ({ confirmation: _c, ...input }, user) => {
    const result = await engageKillSwitch(input, userActor(user));
    revalidatePath("/kill-switch");
    return { label: result.label, rejected: result.rejected };
  },
);

export const releaseAction = authedAction(
  ReleaseSchema.extend({ confirmation: confirmed("RELEASE") }),
  "killswitch:operate",
  async ({ confirmation: _c, ...input }, user) => {
    const result = await releaseKillSwitch(input, userActor(user));
    revalidatePath("/kill-switch");
    return { label: result.label };
  },
);
