-- A run's training and test accuracy (classification only), computed by the server from its replay's final
-- parameters. Runs stored before this version have none.
-- AlterTable
ALTER TABLE "Run" ADD COLUMN "testAccuracy" REAL;
ALTER TABLE "Run" ADD COLUMN "trainAccuracy" REAL;

