import { describe, expect, it } from "vitest";
import { copyFields } from "./copy-read";

// COPY's text format: fields split by tabs, \N for null, backslash escapes for the backslash
// itself and for control characters (JSON with escaped quotes or newlines comes out doubled).

describe("copyFields", () => {
  it("splits a line into fields, \\N as null", () => {
    expect(copyFields("a\t\\N\t\t42")).toEqual(["a", null, "", "42"]);
  });

  it("undoes the escapes COPY writes, so JSON text parses as stored", () => {
    const line = String.raw`{"note": "said \\"hi\\"\\nthen left", "path": "C:\\\\tmp"}` + "\t" + String.raw`tab\there`;
    const [json, text] = copyFields(line);
    expect(JSON.parse(json!)).toEqual({ note: 'said "hi"\nthen left', path: "C:\\tmp" });
    expect(text).toBe("tab\there");
  });
});
