// A host's own traffic ends, run inside a network namespace (`ip netns exec NS node --import tsx
// namespace-host.ts PORT LOOPBACK_CONNECTIONS`): receives UDP on 0.0.0.0:PORT (so no "port
// unreachable" replies), accepts TCP on 0.0.0.0:PORT and holds LOOPBACK_CONNECTIONS connections
// to itself over 127.0.0.1; prints "ready" once they are all accepted, then runs until killed.
// Its pid's /proc/<pid>/net is that namespace's counters.
import { createSocket } from "node:dgram";
import { connect, createServer, type Socket } from "node:net";

const port = Number(process.argv[2] ?? 9);
const loopbackConnections = Number(process.argv[3] ?? 0);
const udp = createSocket("udp4");
udp.on("message", () => {});
await new Promise<void>((resolve) => udp.bind(port, "0.0.0.0", resolve));
const accepted: Socket[] = [];
const server = createServer((socket) => accepted.push(socket));
await new Promise<void>((resolve) => server.listen(port, "0.0.0.0", resolve));
const clients: Socket[] = [];
for (let i = 0; i < loopbackConnections; i++)
  clients.push(
    await new Promise<Socket>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => resolve(socket));
    }),
  );
while (accepted.length < loopbackConnections) await new Promise((r) => setTimeout(r, 10));
process.stdout.write("ready\n");
