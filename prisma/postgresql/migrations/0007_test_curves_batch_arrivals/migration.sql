-- The test split's loss at each epoch of a verified or diverged run, from the server's own replay (little-endian
-- float64, as RunChunk.losses), and when the server received each progress batch, for the review's timeline. Rows
-- stored before this version have neither: null, no test curve, no arrival time. ADD COLUMN keeps the tables.
-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "testLosses" BYTEA;

-- AlterTable
ALTER TABLE "RunChunk" ADD COLUMN     "receivedAt" TIMESTAMP(3);

