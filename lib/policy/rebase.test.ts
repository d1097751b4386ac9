import { describe, expect, it } from "vitest";
import { reapplyDraft } from "./rebase";

const f = (path: string, content: string) => ({ path, content });
const lines = (...xs: string[]) => xs.join("\n") + "\n";

describe("re-applying a draft on a newer version", () => {
  it("keeps upstream's changes and applies the draft's own, when they touch different lines", () => {
    const base = [f("a.yaml", lines("one", "two", "three", "four", "five", "six", "seven", "eight"))];
    const draft = [f("a.yaml", lines("one", "two", "three", "four", "five", "six", "seven", "EIGHT")), f("new.yaml", "n\n")];
    const upstream = [f("a.yaml", lines("ONE", "two", "three", "four", "five", "six", "seven", "eight")), f("up.yaml", "u\n")];
    expect(reapplyDraft(base, draft, upstream)).toEqual({
      ok: true,
      files: [
        f("a.yaml", lines("ONE", "two", "three", "four", "five", "six", "seven", "EIGHT")),
        f("new.yaml", "n\n"),
        f("up.yaml", "u\n"),
      ],
    });
  });

  it("reports a conflict when both changed the same lines, or one deleted what the other changed", () => {
    const base = [f("a.yaml", lines("x", "y")), f("b.yaml", "b\n")];
    const draft = [f("a.yaml", lines("x", "draft"))];
    const upstream = [f("a.yaml", lines("x", "upstream")), f("b.yaml", "b changed\n")];
    expect(reapplyDraft(base, draft, upstream)).toEqual({
      ok: false,
      conflicts: ["a.yaml: the draft and upstream changed the same lines", "b.yaml: deleted in the draft but changed upstream"],
    });
  });
});
