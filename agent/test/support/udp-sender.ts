// Sends UDP packets whose payload is `<label>-<n>`, at a steady rate; run inside a network
// namespace (`ip netns exec NS node --import tsx udp-sender.ts HOST PORT COUNT LABEL PPS`).
// COUNT 0 means until killed. Only ever pointed at the test's own veth peer.
import { createSocket } from "node:dgram";

const [host = "127.0.0.1", port = "9", count = "10", label = "pkt", pps = "1000"] = process.argv.slice(2);
const socket = createSocket(host.includes(":") ? "udp6" : "udp4");
const total = Number(count);
const perMs = Number(pps) / 1000;
const started = performance.now();
let sent = 0;
let inFlight = 0;

function pump() {
  const due = Math.floor((performance.now() - started) * perMs) + 1;
  while (sent < due && (total === 0 || sent < total) && inFlight < 2000) {
    inFlight++;
    socket.send(`${label}-${sent}`, Number(port), host, () => {
      inFlight--;
    });
    sent++;
  }
  if (total !== 0 && sent >= total) {
    const finish = () => (inFlight > 0 ? setTimeout(finish, 5) : socket.close());
    finish();
    return;
  }
  setTimeout(pump, 1);
}
pump();
