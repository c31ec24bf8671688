// Receives UDP on 0.0.0.0:PORT (no "port unreachable" replies to count) and prints "ready" once
// bound; runs until killed. Run inside a network namespace: its pid's /proc/<pid>/net is that
// namespace's counters (`ip netns exec NS node --import tsx udp-sink.ts PORT`).
import { createSocket } from "node:dgram";

const port = Number(process.argv[2] ?? 9);
const socket = createSocket("udp4");
socket.on("message", () => {});
socket.bind(port, "0.0.0.0", () => process.stdout.write("ready\n"));
