ALTER TABLE "posts" ADD COLUMN "replies_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- A page of a post's replies may be kept and served again while the post's replies_version is
-- what it was (it is read with the post). The database moves it itself, once per statement and
-- post, for every change to what such a page shows: a reply written, edited or deleted; a
-- reaction to a reply given or taken back; a reply author's name or handle changed.
CREATE OR REPLACE FUNCTION posts_bump_replies_version() RETURNS trigger AS $$
BEGIN
  IF TG_TABLE_NAME = 'reactions' THEN
    UPDATE posts SET replies_version = replies_version + 1
    WHERE id IN (SELECT post_id FROM changed WHERE target_type = 'reply');
  ELSE
    UPDATE posts SET replies_version = replies_version + 1
    WHERE id IN (SELECT post_id FROM changed);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER replies_inserted_bump_post AFTER INSERT ON replies
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION posts_bump_replies_version();
--> statement-breakpoint
CREATE TRIGGER replies_updated_bump_post AFTER UPDATE ON replies
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION posts_bump_replies_version();
--> statement-breakpoint
CREATE TRIGGER replies_deleted_bump_post AFTER DELETE ON replies
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION posts_bump_replies_version();
--> statement-breakpoint
CREATE TRIGGER reactions_inserted_bump_post AFTER INSERT ON reactions
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION posts_bump_replies_version();
--> statement-breakpoint
CREATE TRIGGER reactions_deleted_bump_post AFTER DELETE ON reactions
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION posts_bump_replies_version();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION users_bump_replies_version() RETURNS trigger AS $$
BEGIN
  UPDATE posts SET replies_version = replies_version + 1
  WHERE id IN (SELECT post_id FROM replies WHERE author_id = NEW.id);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER users_renamed_bump_posts
  AFTER UPDATE OF name, handle ON users
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.handle IS DISTINCT FROM NEW.handle)
  EXECUTE FUNCTION users_bump_replies_version();
