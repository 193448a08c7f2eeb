import { describe, expect, it } from "vitest";
import { createMasker } from "../../../core/mask/index.js";
import { KEY } from "./helpers.js";

const { maskClientIp } = createMasker({ key: KEY });

describe("maskClientIp", () => {
  it.each([
    ["203.0.113.57", "203.0.113.0/24"],
    ["10.1.2.3", "10.1.2.0/24"],
    ["2001:db8:1234:5678::1", "2001:db8:1234::/48"],
    ["2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::/48"],
    ["fe80::1%eth0", "fe80::/48"],
    ["::1", "::/48"],
    ["::ffff:198.51.100.7", "198.51.100.0/24"],
    [" 203.0.113.57 ", "203.0.113.0/24"],
  ])("masks %s to its network %s", (ip, expected) => {
    // Act
    const masked = maskClientIp(ip);
    // Assess
    expect(masked).toBe(expected);
  });

  it.each([null, undefined, "", "not-an-ip", "256.1.1.1", "1.2.3", "2001:db8::g"])("returns null for %s", (ip) => {
    expect(maskClientIp(ip)).toBeNull();
  });
});
