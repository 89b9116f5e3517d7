-- Another round with the same class: a session's current round number, each run's round (attempts count from 1
-- in each round, so the unique key of a student's attempts takes the round), and the rounds that ended before the
-- current one, with the challenge each was played under. Everything stored before is round 1.
-- DropIndex
DROP INDEX "Run_studentId_attempt_key";

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "round" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "round" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "SessionRound" (
    "sessionId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "challenge" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "SessionRound_pkey" PRIMARY KEY ("sessionId","round")
);

-- CreateIndex
CREATE UNIQUE INDEX "Run_studentId_round_attempt_key" ON "Run"("studentId", "round", "attempt");

-- AddForeignKey
ALTER TABLE "SessionRound" ADD CONSTRAINT "SessionRound_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

