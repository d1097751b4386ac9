import { BadRequestError } from "../../lib/errors";
import { KEY_PURPOSES, type KeyPurpose } from "../../lib/signing-keys/material";
import { rotateSigningKey } from "../../lib/signing-keys/service";
import type { Command } from "./commands";

// Operations: signing-key rotation.

function purposeArg(value: string | undefined): KeyPurpose {
  if (!KEY_PURPOSES.includes(value as KeyPurpose)) throw new BadRequestError(`Give the key to rotate: ${KEY_PURPOSES.join(" or ")}`);
  return value as KeyPurpose;
}

export const opsCommands: Command[] = [
  {
    name: "keys rotate",
    usage: "keys rotate audit|decision",
    summary: "sign checkpoints (audit) or decision tokens (decision) with a new key from now on; the old key still verifies",
    async run({ args, actor }) {
      const rotation = await rotateSigningKey(purposeArg(args[0]), actor);
      const what = rotation.purpose === "audit" ? "checkpoints" : "decision tokens";
      return {
        data: rotation,
        text:
          `New ${rotation.purpose} key ${rotation.keyId} signs ${what} from now on` +
          (rotation.previousKeyId ? `; key ${rotation.previousKeyId} is retired and still verifies what it signed` : "") +
          (rotation.purpose === "audit" ? `\nVerifier key: ${rotation.publicKey}` : "\nPublished at /api/v1/keys"),
      };
    },
  },
];
