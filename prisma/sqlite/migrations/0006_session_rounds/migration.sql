-- Another round with the same class: a session's current round number, each run's round (attempts count from 1
-- in each round, so the unique key of a student's attempts takes the round), and the rounds that ended before the
-- current one, with the challenge each was played under. Everything stored before is round 1. ADD COLUMN and a
-- new index keep the tables (no rebuild).
-- CreateTable
CREATE TABLE "SessionRound" (
    "sessionId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "challenge" TEXT NOT NULL,
    "startedAt" DATETIME,
    "endedAt" DATETIME,

    PRIMARY KEY ("sessionId", "round"),
    CONSTRAINT "SessionRound_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable
ALTER TABLE "Session" ADD COLUMN "round" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Run" ADD COLUMN "round" INTEGER NOT NULL DEFAULT 1;

-- DropIndex
DROP INDEX "Run_studentId_attempt_key";

-- CreateIndex
CREATE UNIQUE INDEX "Run_studentId_round_attempt_key" ON "Run"("studentId", "round", "attempt");
