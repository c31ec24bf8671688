// The transport floor of `npm run bench:ingest` and `bench:storm`: a bare graphql-ws (graphql-transport-ws)
// responder on the `ws` library the API uses, with no GraphQL, no key, no detection and no
// database. It answers each `subscribe` with the answer the API itself gave a one-sample report
// (FLOOR_ANSWER) and `complete`, the frames of one turn leaving in one write as the API's do. The
// same client driving it at the same concurrency shows what a call costs before the API does
// any work of its own, on this machine, with the load generator on the same cores: what the
// single-sample ceiling can reach at best. Plain JavaScript, run by node without tsx, so none of
// its cost is a loader's.
import { createServer } from "node:http";
import { WebSocketServer } from "ws";

const answer = process.env.FLOOR_ANSWER;
if (!answer) throw new Error("FLOOR_ANSWER: the API's answer to a one-sample report, as JSON");
const server = createServer((_req, res) => res.end("ok"));
const wss = new WebSocketServer({
  server,
  perMessageDeflate: false,
  handleProtocols: (protocols) => (protocols.has("graphql-transport-ws") ? "graphql-transport-ws" : false),
});
wss.on("connection", (ws, req) => {
  const socket = req.socket;
  let corked = false;
  const send = (frame) => {
    if (!corked) {
      corked = true;
      socket.cork();
      setImmediate(() => {
        corked = false;
        socket.uncork();
      });
    }
    ws.send(frame);
  };
  ws.on("message", (data) => {
    const message = JSON.parse(data.toString());
    if (message.type === "connection_init")
      send(JSON.stringify({ type: "connection_ack", payload: { serverTime: Date.now() } }));
    else if (message.type === "ping") send('{"type":"pong"}');
    else if (message.type === "subscribe") {
      const id = JSON.stringify(message.id);
      send(`{"id":${id},"type":"next","payload":${answer}}`);
      send(`{"id":${id},"type":"complete"}`);
    }
  });
});
// The API's backlog (a reconnecting fleet's handshakes wait in it).
server.listen({ port: Number(process.env.PORT), host: "127.0.0.1", backlog: 4096 }, () =>
  process.stdout.write("listening\n"),
);
