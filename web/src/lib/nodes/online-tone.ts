/**
 * The colour of the overview's "Online" count: neutral with no nodes (0 of 0 is nothing to be glad
 * of), a warning while some are not online, success when all are.
 */
export function onlineTone(online: number, nodes: number): "text" | "warning" | "success" {
  if (nodes === 0) return "text";
  return online < nodes ? "warning" : "success";
}
