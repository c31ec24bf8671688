// The commands the "Enrol an agent" page shows. `apiUrl` is the page's own origin: right when the
// dashboard is opened at the deployment's public address, but after `npm start` on a laptop or a
// server it is often http://localhost:3000, which another server resolves to itself. The commands
// say so rather than hand over an address that cannot work there.

const LOOPBACK_HOST = /^(localhost|.+\.localhost|127(\.\d{1,3}){3}|\[::1\]|\[::ffff:127(\.\d{1,3}){3}\])$/i;

/** Whether the URL's host is this machine's loopback (as the browser reached it). */
export function isLoopbackUrl(url: string): boolean {
  try {
    return LOOPBACK_HOST.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

export function enrolCommands(apiUrl: string, token: string): string {
  return [
    "# in a checkout of this platform on the server to protect (Node ≥ 20.19; apt-get install libpcap-dev first for capture)",
    ...(isLoopbackUrl(apiUrl)
      ? [
          `# ${apiUrl} is this machine as your browser reaches it: on another server, put an address of this`,
          "# machine that the server reaches in its place (the same port)",
        ]
      : []),
    "# the node is named after the server's host name; add --name NODE when a node of that name exists",
    "npm install && npm run bundle -w @levee/agent",
    `sudo node agent/dist/levee-agent.mjs enroll --api ${apiUrl} --token ${token}`,
    "sudo node agent/dist/levee-agent.mjs test",
    "sudo cp agent/packaging/levee-agent.service /etc/systemd/system/",
    "sudo systemctl enable --now levee-agent",
  ].join("\n");
}
