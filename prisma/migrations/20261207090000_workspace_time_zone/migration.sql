-- A workspace's time zone (an IANA name), for the seasonal baseline's hour of the week: the same
-- local hour of earlier weeks, so an evening peak at 19:00 local keeps its hour across the
-- daylight-saving changes (it moves by an hour in UTC). UTC keeps what every workspace had.
ALTER TABLE workspace ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
