-- The activity log is append-only: participation modes and health metrics are computed from it,
-- so rows are never changed or removed by the application. A deliberate erasure (for example a
-- person's right to be forgotten) sets commonplace.activity_rewrite = 'on' for its transaction.
CREATE OR REPLACE FUNCTION activity_events_append_only() RETURNS trigger AS $$
BEGIN
  IF coalesce(current_setting('commonplace.activity_rewrite', true), '') = 'on' THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  RAISE EXCEPTION 'activity_events is append-only (% refused)', TG_OP USING ERRCODE = 'P0001';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER activity_events_append_only
  BEFORE UPDATE OR DELETE ON activity_events
  FOR EACH ROW EXECUTE FUNCTION activity_events_append_only();
--> statement-breakpoint
CREATE TRIGGER activity_events_no_truncate
  BEFORE TRUNCATE ON activity_events
  FOR EACH STATEMENT EXECUTE FUNCTION activity_events_append_only();
