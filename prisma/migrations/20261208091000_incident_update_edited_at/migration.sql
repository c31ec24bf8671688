-- When an operator's incident update was last edited (editIncidentUpdate); null while it reads as
-- posted. Shown on the public incident page, in status.json and as the feed entry's <updated>.
ALTER TABLE "incident_public_update" ADD COLUMN "edited_at" TIMESTAMPTZ(3);
