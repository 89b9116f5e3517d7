-- The fencing token of each session's owner (Store.claimSession): every session write names the token it was made
-- under, and one made under a token since replaced is refused. ADD COLUMN keeps the table (no rebuild).
ALTER TABLE "Session" ADD COLUMN "fence" INTEGER NOT NULL DEFAULT 0;
