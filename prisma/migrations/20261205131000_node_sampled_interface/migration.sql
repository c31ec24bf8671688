-- What the node's agent reports about its interface on each heartbeat, beside the setting
-- ("interface", which the agent now follows): the interface it samples (what "auto" resolved
-- to), why it does not follow the setting (the named interface does not exist on the host), and
-- whether its own --interface / LEVEE_AGENT_INTERFACE pins it (then the setting is not editable).
ALTER TABLE "node" ADD COLUMN "sampled_interface" TEXT;
ALTER TABLE "node" ADD COLUMN "interface_problem" TEXT;
ALTER TABLE "node" ADD COLUMN "interface_pinned" BOOLEAN NOT NULL DEFAULT false;
