import { createRequire } from "node:module";
import { endianness } from "node:os";
import { linkTypeNumber } from "./pcap-format.ts";

/** Called for every captured packet; `data` is valid only during the call (copy to keep it). */
export type PacketHandler = (
  data: Buffer,
  linkType: number,
  wireLength: number,
  tsSec: number,
  tsUsec: number,
) => void;

/** The native half of the `pcap` package (its JS half pulls in a packet decoder we do not need). */
interface NativeSession {
  open_live(
    device: string,
    filter: string,
    bufferSize: number,
    snaplen: number,
    outfile: string,
    onPacket: () => void,
    monitor: boolean,
    bufferTimeoutMs: number,
    warn: (message: string) => void,
    promiscuous: boolean,
  ): string;
  dispatch(buffer: Buffer, header: Buffer): number;
  start_polling(): void;
  read_callback?: () => void;
  close(): void;
  stats(): { ps_recv: number; ps_drop: number; ps_ifdrop: number };
}
export interface PcapBinding {
  PcapSession: new () => NativeSession;
  lib_version(): string;
}

export interface LiveCapture {
  linkType: number;
  libVersion: string;
  stats(): { received: number; dropped: number };
  close(): void;
}

/**
 * Loads the optional `pcap` package (libpcap binding). It is an optionalDependency: when it did not
 * build (no libpcap headers) this returns the reason and capture stays off.
 */
export function loadPcap(): { ok: true; pcap: PcapBinding } | { ok: false; reason: string } {
  try {
    const require = createRequire(import.meta.url);
    return { ok: true, pcap: require("pcap/build/Release/pcap_binding.node") as PcapBinding };
  } catch (error) {
    const message = (error as Error).message.split("\n")[0] ?? "";
    return {
      ok: false,
      reason: `the pcap package (libpcap binding) is not installed or did not build: ${message}`,
    };
  }
}

export interface LiveCaptureOptions {
  device: string;
  filter: string;
  snaplen: number;
  bufferBytes: number;
  onPacket: PacketHandler;
  /** After each wake-up's packets were handed over (all that were ready, one by one). */
  onWake?: () => void;
}

/**
 * Where a capture's packets come from: libpcap on the interface (openLibpcap), or what a test
 * hands over. Returns why it cannot when the source is missing; throws when opening fails.
 */
export type OpenPacketSource = (options: LiveCaptureOptions) => LiveCapture | { reason: string };

/** Packets from the interface through libpcap, when the binding is there. */
export const openLibpcap: OpenPacketSource = (options) => {
  const loaded = loadPcap();
  return loaded.ok ? openLiveCapture(loaded.pcap, options) : { reason: loaded.reason };
};

/**
 * Opens a live, non-promiscuous capture. libpcap wakes the event loop when packets are ready
 * (uv_poll on its fd); each dispatch hands them over one by one through two reused buffers.
 */
/**
 * Every session this process opened, kept for its lifetime. The binding's C++ session embeds its
 * libuv poll handle and never closes it (uv_close): collected, its memory was freed while the
 * handle was still linked in the loop's handle queue, and the next handle linked or unlinked
 * beside it wrote into freed memory (CI: "double free or corruption" as a capture test's process
 * exited). A closed session holds no capture buffer, so keeping it costs a few hundred bytes.
 */
const opened: unknown[] = [];

export function openLiveCapture(pcap: PcapBinding, options: LiveCaptureOptions): LiveCapture {
  const session = new pcap.PcapSession();
  opened.push(session);
  const data = Buffer.alloc(options.snaplen);
  const header = Buffer.alloc(16);
  const little = endianness() === "LE";
  const u32 = (offset: number) => (little ? header.readUInt32LE(offset) : header.readUInt32BE(offset));
  let linkType = 1;
  const onReady = () => options.onPacket(data.subarray(0, u32(8)), linkType, u32(12), u32(0), u32(4));
  const warnings: string[] = [];
  const name = session.open_live(
    options.device,
    options.filter,
    options.bufferBytes,
    options.snaplen,
    "",
    onReady,
    false,
    100,
    (message) => warnings.push(message),
    false,
  );
  linkType = linkTypeNumber(name);
  // Dispatched even after close(): that read is what finishes a close the one in close() could not
  // (returning without it would leave a readable fd polled for ever).
  session.read_callback = () => {
    session.dispatch(data, header);
    options.onWake?.();
  };
  let open = true;
  session.start_polling();
  return {
    linkType,
    libVersion: pcap.lib_version(),
    stats: () => {
      if (!open) return { received: 0, dropped: 0 };
      const s = session.stats();
      return { received: s.ps_recv, dropped: s.ps_drop + s.ps_ifdrop };
    },
    close: () => {
      if (!open) return;
      open = false;
      // close() only asks the next read to stop; that read finishes the close (stops polling,
      // pcap_close). One now, rather than only when a packet next arrives.
      session.close();
      session.dispatch(data, header);
    },
  };
}
