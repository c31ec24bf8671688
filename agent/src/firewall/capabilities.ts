import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

/**
 * What this kernel can do beyond what every backend needs, read from /proc/config.gz when the
 * kernel exposes it (undefined: cannot tell, try and report the kernel's answer).
 * XDP: Levee ships no XDP program (and no loader) yet, so it is always reported unavailable.
 */
export interface KernelCapabilities {
  tcPolice: boolean | undefined;
  xdp: { available: false; reason: string };
}

export function kernelCapabilities(configGz = "/proc/config.gz"): KernelCapabilities {
  let config: string | undefined;
  try {
    config = gunzipSync(readFileSync(configGz)).toString("utf8");
  } catch {
    config = undefined;
  }
  const option = (name: string) =>
    config === undefined ? undefined : new RegExp(`^${name}=(y|m)$`, "m").test(config);
  return {
    tcPolice: option("CONFIG_NET_ACT_POLICE"),
    xdp: {
      available: false,
      reason: "no XDP program is shipped with this agent; nftables netdev ingress is the earliest hook used",
    },
  };
}
