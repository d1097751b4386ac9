import { AppError } from "@/lib/errors";
import { toHttpResponse } from "@/lib/http/respond";

// Any /api path that no route serves: a JSON 404, like every other API error.
function notFound(request: Request) {
  return toHttpResponse(
    new AppError(
      "not_found",
      `There is no API endpoint at ${new URL(request.url).pathname}; the agent API is documented at /api/v1/openapi.json`,
      404,
    ),
  );
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
