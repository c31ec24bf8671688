import type { Logger } from "../log.ts";
import type { PacketCounts } from "../sampler/probe-trigger.ts";
import { type CaptureMeta, IncidentCapture } from "./incident-capture.ts";
import { PacketRing } from "./packet-ring.ts";
import { type LiveCapture, type OpenPacketSource, openLibpcap, type PacketHandler } from "./pcap-source.ts";

export interface CaptureOptions {
  device: string;
  filter: string;
  snaplen: number;
  bufferBytes: number;
  ringPackets: number;
  maxPackets: number;
  dir: string;
  logger: Logger;
}

/**
 * Live capture on one interface: every packet goes into the always-on ring, into the incident
 * file while an incident runs, and to the packet hook (the feature extractor) when one is set.
 */
export class CaptureService {
  readonly ring: PacketRing;
  private incident: IncidentCapture | undefined;
  private hook: PacketHandler | undefined;
  private wakeHook: (() => void) | undefined;
  /** Packets and wire bytes handed over since the capture opened (both directions, after the BPF filter). */
  readonly seen: PacketCounts = { packets: 0, bytes: 0 };
  /** Packets seen between holdRing() and startIncident(), kept aside (copies) so the ring stays as it was. */
  private held: { data: Buffer; wire: number; sec: number; usec: number }[] | undefined;
  private constructor(
    private readonly options: CaptureOptions,
    private readonly live: LiveCapture,
    ring: PacketRing,
  ) {
    this.ring = ring;
  }

  /** Opens the capture, or returns why it cannot run (no libpcap, no permission, no interface). */
  static open(
    options: CaptureOptions,
    openSource: OpenPacketSource = openLibpcap,
  ): CaptureService | { reason: string } {
    const ring = new PacketRing(options.ringPackets, options.snaplen);
    let service: CaptureService | undefined;
    const onPacket: PacketHandler = (data, linkType, wire, sec, usec) =>
      service?.packet(data, linkType, wire, sec, usec);
    const onWake = () => service?.wakeHook?.();
    try {
      const live = openSource({ ...options, onPacket, onWake });
      if ("reason" in live) return live;
      service = new CaptureService(options, live, ring);
      return service;
    } catch (error) {
      return { reason: `cannot capture on ${options.device}: ${(error as Error).message}` };
    }
  }

  get linkType(): number {
    return this.live.linkType;
  }

  get capturing(): boolean {
    return this.incident !== undefined;
  }

  setPacketHook(hook: PacketHandler | undefined): void {
    this.hook = hook;
  }

  /** Called once per wake-up, after its packets (the sampler's sub-second trigger). */
  setWakeHook(hook: (() => void) | undefined): void {
    this.wakeHook = hook;
  }

  /**
   * Keeps the ring as it is now until startIncident (or releaseRing): a start decided now but run
   * a moment later (after the sample that decided it is sent) still opens with the packets from
   * before the decision. Packets arriving meanwhile never enter the ring (libpcap hands over up to
   * 100 ms of a flood at once, more than a ring holds); they are kept aside, up to an incident
   * file's worth, and follow the ring into the file in their order.
   */
  holdRing(): void {
    if (!this.incident) this.held ??= [];
  }

  /** A held ring whose start did not happen (the API said otherwise): its packets join the ring. */
  releaseRing(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const { data, wire, sec, usec } of held) this.ring.push(data, wire, sec, usec);
  }

  startIncident(incidentId: string | null): CaptureMeta {
    if (!this.incident) {
      // Taken first: a start that fails (a full disk) leaves no hold behind for a later attack.
      const held = this.held ?? [];
      this.held = undefined;
      try {
        this.incident = new IncidentCapture(this.options.dir, {
          snaplen: this.options.snaplen,
          linkType: this.live.linkType,
          maxPackets: this.options.maxPackets,
          ring: this.ring,
          incidentId,
        });
      } catch (error) {
        for (const { data, wire, sec, usec } of held) this.ring.push(data, wire, sec, usec);
        throw error;
      }
      for (const { data, wire, sec, usec } of held) {
        this.ring.push(data, wire, sec, usec);
        this.incident.add(data, wire, sec, usec);
      }
    }
    return this.incident.meta;
  }

  setIncident(incidentId: string): void {
    this.incident?.setIncident(incidentId);
  }

  flush(): void {
    this.incident?.flush();
  }

  finishIncident(): CaptureMeta | undefined {
    const meta = this.incident?.finish();
    this.incident = undefined;
    return meta;
  }

  stats() {
    return { ...this.live.stats(), ring: this.ring.size, incident: this.incident?.meta };
  }

  close(): void {
    this.live.close();
  }

  private packet(data: Buffer, linkType: number, wire: number, sec: number, usec: number): void {
    this.seen.packets++;
    this.seen.bytes += wire;
    if (this.held) {
      // Past a file's worth the file would overflow anyway; the ring is never touched meanwhile.
      if (this.held.length < this.options.maxPackets)
        this.held.push({ data: Buffer.from(data), wire, sec, usec });
      return;
    }
    this.ring.push(data, wire, sec, usec);
    this.incident?.add(data, wire, sec, usec);
    this.hook?.(data, linkType, wire, sec, usec);
  }
}
