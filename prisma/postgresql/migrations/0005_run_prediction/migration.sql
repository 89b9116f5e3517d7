-- What a student predicted before a run (run:start's prediction), as JSON text. Runs stored before this
-- version, and runs started without a prediction, have none.
-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "prediction" TEXT;

