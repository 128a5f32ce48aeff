import { describe, expect, it } from "vitest";
import { parseMemberLine } from "./member-facts.js";

describe("parseMemberLine", () => {
  it("reads the id, the three flags and the path", () => {
    const id = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa";
    expect(parseMemberLine(`${id}tft/p/q/`)).toEqual({ id, mobile: true, elderly: false, probationary: true, path: "/p/q/" });
    expect(parseMemberLine(`${id}ftf/`)).toEqual({ id, mobile: false, elderly: true, probationary: false, path: "/" });
  });
});
