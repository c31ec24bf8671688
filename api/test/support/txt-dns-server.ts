// A real DNS server on loopback UDP that answers TXT questions from a table the test fills: custom
// domain verification then goes through node:dns (c-ares) exactly as in production.
import { createSocket, type Socket } from "node:dgram";

const TXT = 16;

export class TxtDnsServer {
  readonly records = new Map<string, string[]>();
  /** Questions asked, in order (name, lower-case). */
  readonly asked: string[] = [];
  private constructor(
    private readonly socket: Socket,
    readonly port: number,
  ) {}

  static async start(): Promise<TxtDnsServer> {
    const socket = createSocket("udp4");
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(0, "127.0.0.1", () => resolve());
    });
    const server = new TxtDnsServer(socket, socket.address().port);
    socket.on("message", (query, peer) => {
      const answer = server.answer(query);
      if (answer) socket.send(answer, peer.port, peer.address);
    });
    return server;
  }

  /** `127.0.0.1:<port>`, for Resolver.setServers or LEVEE_DNS_SERVERS. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  set(name: string, values: string[]): void {
    this.records.set(name.toLowerCase(), values);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  private answer(query: Buffer): Buffer | undefined {
    if (query.length < 12) return undefined;
    const labels: string[] = [];
    let at = 12;
    while (at < query.length && query[at] !== 0) {
      const length = query[at] as number;
      labels.push(query.subarray(at + 1, at + 1 + length).toString("latin1"));
      at += 1 + length;
    }
    const questionEnd = at + 5; // zero byte, QTYPE, QCLASS
    if (questionEnd > query.length) return undefined;
    const qtype = query.readUInt16BE(at + 1);
    const name = labels.join(".").toLowerCase();
    this.asked.push(name);
    const values = this.records.get(name);
    const answers =
      qtype === TXT && values
        ? values.map((value) => {
            const chunks: Buffer[] = [];
            for (let i = 0; i < value.length || i === 0; i += 255) {
              const part = Buffer.from(value.slice(i, i + 255), "latin1");
              chunks.push(Buffer.from([part.length]), part);
            }
            const rdata = Buffer.concat(chunks);
            const head = Buffer.alloc(12);
            head.writeUInt16BE(0xc00c, 0); // pointer to the question's name
            head.writeUInt16BE(TXT, 2);
            head.writeUInt16BE(1, 4); // IN
            head.writeUInt32BE(0, 6); // TTL 0: every look-up asks again
            head.writeUInt16BE(rdata.length, 10);
            return Buffer.concat([head, rdata]);
          })
        : [];
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2); // ID
    const rcode = values ? 0 : 3; // NXDOMAIN for names not in the table
    header.writeUInt16BE(0x8180 | rcode, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    return Buffer.concat([header, query.subarray(12, questionEnd), ...answers]);
  }
}
