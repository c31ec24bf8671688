-- SYN cookies sent/s become a detection metric of their own (SYN_COOKIES): a SYN flood that a
-- listener's small backlog holds out of SYN_RECV still crosses a threshold. traffic_sample has
-- stored the rate (syncookies_sent, NULL where not read) since 20261206130000_listen_queue_counters;
-- only the enum the baselines (node_baseline), manual thresholds (node_threshold_override) and
-- incidents' trigger metrics are keyed by gains the value. Plain SQL: PGlite+TimescaleDB and
-- PostgreSQL alike (the value is not used in this transaction, as PostgreSQL requires).
ALTER TYPE "TrafficMetric" ADD VALUE IF NOT EXISTS 'SYN_COOKIES';
