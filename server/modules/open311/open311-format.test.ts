import { describe, expect, it } from "vitest";
import { APPEAL_STATUSES } from "../../../common/appeals.js";
import { mapStatus, parseFile, parseW3c, render, renderErrors, statusesFor, toXml, w3c } from "./open311-format.js";

describe("Open311 formats", () => {
  it("reads the format from the suffix", () => {
    expect(parseFile("requests.json")).toEqual({ name: "requests", format: "json" });
    expect(parseFile("ABCDEFGHJK.xml")).toEqual({ name: "ABCDEFGHJK", format: "xml" });
    expect(parseFile("requests")).toBeNull();
    expect(parseFile("requests.html")).toBeNull();
    expect(parseFile(".json")).toBeNull();
  });

  it("writes lists under the spec's element names and escapes text", () => {
    const xml = toXml("services", [{ service_code: "roads", service_name: "道路 <交通> & 桥梁", metadata: false }]);
    expect(xml).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<services><service><service_code>roads</service_code><service_name>道路 &lt;交通&gt; &amp; 桥梁</service_name><metadata>false</metadata></service></services>',
    );
    expect(toXml("service_requests", [{ token: "t", lat: null }])).toContain("<service_requests><request><token>t</token><lat/></request></service_requests>");
    expect(toXml("x", { a: "bad\u0001char" })).toContain("<a>badchar</a>");
  });

  it("writes JSON as bare arrays and errors as a list", () => {
    expect(render("json", "services", [{ a: 1 }])).toBe('[{"a":1}]');
    expect(renderErrors("json", [{ code: 403, description: "api_key invalid" }])).toBe('[{"code":403,"description":"api_key invalid"}]');
    expect(renderErrors("xml", [{ code: 404, description: "x" }])).toContain("<errors><error><code>404</code><description>x</description></error></errors>");
  });

  it("maps every state to open or closed and an extended status", () => {
    for (const s of APPEAL_STATUSES) expect(["open", "closed"]).toContain(mapStatus(s).status);
    expect(mapStatus("resolved")).toEqual({ status: "closed", extended: "fixed" });
    expect(mapStatus("rejected")).toEqual({ status: "closed", extended: "no_further_action" });
    expect(mapStatus("dispatched")).toEqual({ status: "open", extended: "action_scheduled" });
    expect(statusesFor(["closed"], APPEAL_STATUSES)).toEqual(["resolved", "closed", "rejected"]);
  });

  it("writes and reads W3C datetimes with a zone", () => {
    expect(w3c(new Date("2026-03-02T01:00:00.123Z"))).toBe("2026-03-02T01:00:00Z");
    expect(parseW3c("2026-03-02T09:00:00+08:00")?.toISOString()).toBe("2026-03-02T01:00:00.000Z");
    expect(parseW3c("2026-03-02")?.toISOString()).toBe("2026-03-02T00:00:00.000Z");
    expect(parseW3c("2026-03-02T09:00:00")).toBeNull();
    expect(parseW3c("yesterday")).toBeNull();
  });
});
