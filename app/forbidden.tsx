import { Forbidden } from "@/components/ui/forbidden";

// What pageUser's forbidden() renders, with status 403: a page the signed-in role may not see.
export default function ForbiddenPage() {
  return <Forbidden />;
}
