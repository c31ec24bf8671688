// Run inside a fresh network namespace (`ip netns exec`): opens N loopback TCP connections,
// samples /proc with the real Sampler and prints what it counted beside `ss`. In a namespace of
// its own nothing else opens or closes sockets, so both counts are exact.
import { execFileSync } from "node:child_process";
import { connect, createServer, type Socket } from "node:net";
import { silentLogger } from "../../src/log.ts";
import { Sampler } from "../../src/sampler/sampler.ts";

const connections = Number(process.argv[2] ?? 10);
const accepted: Socket[] = [];
const server = createServer((socket) => accepted.push(socket));
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address() as { port: number };
const clients = await Promise.all(
  Array.from(
    { length: connections },
    () =>
      new Promise<Socket>((resolve, reject) => {
        const socket = connect(port, "127.0.0.1", () => resolve(socket));
        socket.on("error", reject);
      }),
  ),
);
while (accepted.length < connections) await new Promise((r) => setTimeout(r, 10));

const sampler = new Sampler({
  procRoot: "/proc",
  interface: "lo",
  intervalMs: 1000,
  logger: silentLogger,
  onSample: () => {},
});
await sampler.tick();
const sample = await sampler.tick();
const ss = execFileSync("ss", ["-Htan", "state", "established"], { encoding: "utf8" });
console.log(
  JSON.stringify({
    sampled: sample?.tcpEstablished,
    ss: ss.split("\n").filter((line) => line.trim() !== "").length,
  }),
);
for (const socket of [...clients, ...accepted]) socket.destroy();
server.close();
