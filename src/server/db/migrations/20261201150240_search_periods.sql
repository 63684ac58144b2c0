-- Posts and replies also carry the period of eight days they were written in, as a lexeme
-- ("period 2563") that no text can produce: search walks the latest periods first (see
-- modules/search/repo.ts). A generated column cannot change its expression in place.
ALTER TABLE "posts" drop column "search";--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(body, '')), 'B') || array_to_tsvector(array['period ' || floor(extract(epoch from (created_at - 'epoch'::timestamptz)) / 691200)::bigint::text])) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "replies" drop column "search";--> statement-breakpoint
ALTER TABLE "replies" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', coalesce(body, '')) || array_to_tsvector(array['period ' || floor(extract(epoch from (created_at - 'epoch'::timestamptz)) / 691200)::bigint::text])) STORED NOT NULL;--> statement-breakpoint
-- Dropping the columns dropped their indexes: the same ones again, over the new vectors.
CREATE INDEX "posts_search_idx" ON "posts" USING gin ("search");--> statement-breakpoint
CREATE INDEX "replies_search_idx" ON "replies" USING gin ("search");
