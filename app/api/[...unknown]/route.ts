import { NotFoundError } from "@/lib/errors";
import { toHttpResponse } from "@/lib/http/respond";

// Any /api path that no route serves: a JSON 404, like every other API error.
function notFound(request: Request) {
  return toHttpResponse(new NotFoundError(`No API endpoint at ${new URL(request.url).pathname}`));
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
