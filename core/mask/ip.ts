/**
 * Client IP truncation: the network prefix is enough for geography and abuse analysis, while the
 * host part identifies a customer's line. IPv4 keeps its /24, IPv6 its /48 (a typical site prefix).
 */
import { isIPv4, isIPv6 } from "node:net";

function ipv4Prefix(ip: string): string {
  const [a, b, c] = ip.split(".");
  return `${Number(a)}.${Number(b)}.${Number(c)}.0/24`;
}

/** Expands a valid IPv6 address (zone already removed) into its eight 16-bit groups. */
function ipv6Groups(ip: string): number[] {
  const toGroups = (part: string): number[] => {
    if (part === "") return [];
    return part.split(":").flatMap((h) => {
      if (!h.includes(".")) return [Number.parseInt(h, 16)];
      const [a = 0, b = 0, c = 0, d = 0] = h.split(".").map(Number);
      return [(a << 8) | b, (c << 8) | d];
    });
  };
  const [head = "", tail] = ip.split("::");
  const left = toGroups(head);
  const right = tail === undefined ? [] : toGroups(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** RFC 5952 text form: lower-case hex, the longest run (≥2) of zero groups collapsed to `::`. */
function formatIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < groups.length; ) {
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

/**
 * Masks a client IP to its network: `203.0.113.7` → `203.0.113.0/24`, `2001:db8:1234:5::1` →
 * `2001:db8:1234::/48`; an IPv4-mapped IPv6 address is treated as the IPv4 it carries.
 * Returns null for null, empty or invalid input, so a malformed field never leaks as written.
 */
export function maskClientIp(ip: string | null | undefined): string | null {
  if (ip === null || ip === undefined) return null;
  const trimmed = ip.trim();
  if (isIPv4(trimmed)) return ipv4Prefix(trimmed);
  const bare = trimmed.replace(/%.*$/, "").replace(/^\[(.*)\]$/, "$1");
  if (!isIPv6(bare)) return null;
  const groups = ipv6Groups(bare.toLowerCase());
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.0/24`;
  }
  return `${formatIpv6([...groups.slice(0, 3), 0, 0, 0, 0, 0])}/48`;
}
