ALTER TABLE "communities" ADD COLUMN "member_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The statuses here are the current ones of platform/policy.ts (currentStatuses); a test checks
-- that the stored count always equals a fresh count.
CREATE OR REPLACE FUNCTION memberships_keep_member_count() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status IN ('active', 'on_break') THEN
    UPDATE communities SET member_count = member_count - 1 WHERE id = OLD.community_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status IN ('active', 'on_break') THEN
    UPDATE communities SET member_count = member_count + 1 WHERE id = NEW.community_id;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER memberships_keep_member_count
  AFTER INSERT OR UPDATE OF status, community_id OR DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION memberships_keep_member_count();
--> statement-breakpoint
UPDATE communities c SET member_count = (
  SELECT count(*) FROM memberships m WHERE m.community_id = c.id AND m.status IN ('active', 'on_break')
);
