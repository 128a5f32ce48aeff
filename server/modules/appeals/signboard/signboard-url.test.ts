import { describe, expect, it } from "vitest";
import { signboardUrl } from "./signboard-url.js";

describe("signboardUrl", () => {
  it("builds <base>/r/<gridCode>?t=<token>", () => {
    expect(signboardUrl("https://zx.example.gov.cn", "440507001001003", "abcDEF123_-xyz09")).toBe(
      "https://zx.example.gov.cn/r/440507001001003?t=abcDEF123_-xyz09",
    );
  });

  it("keeps a path prefix and drops trailing slashes", () => {
    expect(signboardUrl("https://gov.example.cn/zx/", "G1", "t")).toBe("https://gov.example.cn/zx/r/G1?t=t");
    expect(signboardUrl("http://127.0.0.1:8080//", "G1", "t")).toBe("http://127.0.0.1:8080/r/G1?t=t");
  });

  it("escapes what a grid code must not inject", () => {
    expect(signboardUrl("https://a.cn", "a/b?c", "t")).toBe("https://a.cn/r/a%2Fb%3Fc?t=t");
  });

  it("rejects bases that are not plain http(s) origins or paths", () => {
    expect(() => signboardUrl("zx.example.gov.cn", "G1", "t")).toThrow(TypeError);
    expect(() => signboardUrl("ftp://a.cn", "G1", "t")).toThrow(TypeError);
    expect(() => signboardUrl("https://a.cn/?x=1", "G1", "t")).toThrow(TypeError);
    expect(() => signboardUrl("https://a.cn/#top", "G1", "t")).toThrow(TypeError);
  });
});
