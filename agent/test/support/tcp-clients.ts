// Opens N TCP connections to HOST:PORT and holds them; prints "ready" once all are connected,
// then runs until killed. Run inside a network namespace, pointed at the test's own veth peer
// (`ip netns exec NS node --import tsx tcp-clients.ts HOST PORT N`).
import { connect, type Socket } from "node:net";

const [host = "127.0.0.1", port = "9", count = "1"] = process.argv.slice(2);
const sockets: Socket[] = [];
for (let i = 0; i < Number(count); i++)
  sockets.push(
    await new Promise<Socket>((resolve, reject) => {
      const socket = connect(Number(port), host, () => resolve(socket));
      socket.once("error", reject);
    }),
  );
process.stdout.write("ready\n");
