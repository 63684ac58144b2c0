ALTER TABLE "memberships" ADD COLUMN "sort_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- A membership carries its member's name, so that the directory (current members by name) is
-- one walk of an index per community whatever its size. It is set when the row is written and
-- follows every change of the name; a test renames a member and finds the directory reordered.
CREATE OR REPLACE FUNCTION memberships_take_sort_name() RETURNS trigger AS $$
BEGIN
  NEW.sort_name := (SELECT name FROM users WHERE id = NEW.user_id);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER memberships_take_sort_name
  BEFORE INSERT OR UPDATE OF user_id, sort_name ON memberships
  FOR EACH ROW EXECUTE FUNCTION memberships_take_sort_name();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION users_pass_name_to_memberships() RETURNS trigger AS $$
BEGIN
  UPDATE memberships SET sort_name = NEW.name WHERE user_id = NEW.id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER users_pass_name_to_memberships
  AFTER UPDATE OF name ON users
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION users_pass_name_to_memberships();
--> statement-breakpoint
UPDATE memberships SET sort_name = '';--> statement-breakpoint
CREATE INDEX "memberships_directory_idx" ON "memberships" USING btree ("community_id","sort_name","user_id") WHERE status in ('active', 'on_break');
