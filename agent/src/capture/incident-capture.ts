import { randomUUID } from "node:crypto";
import { renameSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../transport/journal-files.ts";
import type { PacketRing } from "./packet-ring.ts";
import { PcapWriter } from "./pcap-writer.ts";

/** Sidecar `<id>.json` beside `<id>.pcap` (or `<id>.pcap.partial` while it is written). */
export interface CaptureMeta {
  id: string;
  incidentId: string | null;
  linkType: number;
  preBufferPackets: number;
  packets: number;
  /** Packets seen after the limit, not written. */
  overflow: number;
  startedAt: string;
  endedAt?: string;
  complete: boolean;
}

export const metaPath = (dir: string, id: string) => join(dir, `${id}.json`);
export const pcapPath = (dir: string, id: string) => join(dir, `${id}.pcap`);
export const partialPath = (dir: string, id: string) => join(dir, `${id}.pcap.partial`);

/**
 * One incident's evidence: opens with the ring's packets (what came just before the trigger),
 * then the live packets, up to `maxPackets`. The sidecar is rewritten when the incident id
 * becomes known, so a capture cut short by a crash can still be finished and uploaded.
 */
export class IncidentCapture {
  readonly meta: CaptureMeta;
  private readonly writer: PcapWriter;
  private readonly maxPackets: number;

  constructor(
    private readonly dir: string,
    options: {
      snaplen: number;
      linkType: number;
      maxPackets: number;
      ring: PacketRing;
      incidentId: string | null;
    },
  ) {
    const id = `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomUUID().slice(0, 8)}`;
    this.maxPackets = options.maxPackets;
    this.writer = new PcapWriter(partialPath(dir, id), options.snaplen, options.linkType);
    options.ring.forEach((data, wire, sec, usec) => {
      this.write(data, wire, sec, usec);
    });
    this.meta = {
      id,
      incidentId: options.incidentId,
      linkType: options.linkType,
      preBufferPackets: this.writer.packets,
      packets: this.writer.packets,
      overflow: 0,
      startedAt: new Date().toISOString(),
      complete: false,
    };
    this.writer.flush();
    this.saveMeta();
  }

  add(data: Uint8Array, wireLength: number, tsSec: number, tsUsec: number): void {
    if (!this.write(data, wireLength, tsSec, tsUsec)) this.meta.overflow++;
    this.meta.packets = this.writer.packets;
  }

  /** Puts buffered packets on disk (each second), so a crash loses at most the last second. */
  flush(): void {
    this.writer.flush();
  }

  /** Names the incident this capture was started for; one already named keeps its incident. */
  setIncident(incidentId: string): void {
    if (this.meta.incidentId !== null) return;
    this.meta.incidentId = incidentId;
    this.writer.flush();
    this.saveMeta();
  }

  /**
   * Completes the file. One started on the agent's own judgement while the API was away may have
   * no incident yet: it is kept, and attached when the API answers with one (attachIncident).
   */
  finish(): CaptureMeta {
    this.writer.close();
    this.meta.packets = this.writer.packets;
    this.meta.endedAt = new Date().toISOString();
    renameSync(partialPath(this.dir, this.meta.id), pcapPath(this.dir, this.meta.id));
    this.meta.complete = true;
    this.saveMeta();
    return this.meta;
  }

  private write(data: Uint8Array, wireLength: number, tsSec: number, tsUsec: number): boolean {
    if (this.writer.packets >= this.maxPackets) return false;
    this.writer.write(data, wireLength, tsSec, tsUsec);
    return true;
  }

  private saveMeta(): void {
    writeFileAtomic(metaPath(this.dir, this.meta.id), JSON.stringify(this.meta));
  }
}
