/**
 * Rows of a node list that stream their traffic and load a sparkline's history. They stream in one
 * subscription (nodesTrafficUpdated, at most 50 nodes). The API prices a traffic series at 1,000 points,
 * so the history of 40 rows (about 80,000) stays under its default GRAPHQL_MAX_COST of 100,000; rows
 * beyond show their status live, without a sparkline.
 */
export const LIVE_ROWS = 40;
