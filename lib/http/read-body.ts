import type { z } from "zod";
import { INPUT_LIMITS, jsonLimitProblem } from "../contracts/limits";
import { BadRequestError, PayloadTooLargeError, ValidationError } from "../errors";
import { toHttpResponse, zodToValidationError } from "./respond";

export const MAX_BODY_BYTES = INPUT_LIMITS.bodyBytes;

/**
 * Reads a JSON body with a size cap: 413 when too large, 400 when not JSON, 422 when it
 * nests too deep or holds too long a string or array (lib/contracts/limits.ts), or fails the schema.
 */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S, maxBytes = MAX_BODY_BYTES): Promise<z.output<S>> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new PayloadTooLargeError(maxBytes);
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new BadRequestError("Send the body as JSON with 'Content-Type: application/json'");
  }
  const bytes = await readCapped(request, maxBytes);
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new BadRequestError(`Body is not valid JSON: ${(error as Error).message}`);
  }
  const problem = jsonLimitProblem(data);
  if (problem) throw new ValidationError("Request body is beyond the input limits", { [problem.path]: [problem.message] });
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw zodToValidationError(parsed.error, "Request body is not valid");
  return parsed.data;
}

async function readCapped(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new PayloadTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * For handlers that read the body themselves (next-auth's): a body labelled JSON that does not parse
 * is answered here with a 400 saying so, instead of their unhandled error (a 500).
 */
export async function refuseUnparsableJson(request: Request): Promise<Response | undefined> {
  if (request.method !== "POST" || !(request.headers.get("content-type") ?? "").includes("application/json")) return undefined;
  try {
    JSON.parse(await request.clone().text());
    return undefined;
  } catch (error) {
    return toHttpResponse(new BadRequestError(`Body is not valid JSON: ${(error as Error).message}`));
  }
}
