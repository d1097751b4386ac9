import { userActor } from "@/lib/audit/entry";
import { getReviewSettingOperation, setReviewSettingOperation } from "@/lib/contracts/policies";
import { env } from "@/lib/env";
import { route } from "@/lib/http/route";
import { methodNotAllowed } from "@/lib/http/respond";
import { reviewRequired, setReviewRequired } from "@/lib/policy/review-setting-service";

export const dynamic = "force-dynamic";

const expiryDays = () => env().GATEHOUSE_POLICY_REVIEW_EXPIRY_DAYS;

export const GET = route(getReviewSettingOperation, async () => ({ reviewRequired: await reviewRequired(), expiryDays: expiryDays() }));

export const PUT = route(setReviewSettingOperation, async ({ user, body }) => {
  const { required } = await setReviewRequired(body.reviewRequired, userActor(user));
  return { reviewRequired: required, expiryDays: expiryDays() };
});

const otherMethods = methodNotAllowed("GET", "PUT");
export { otherMethods as POST, otherMethods as PATCH, otherMethods as DELETE };
