-- Data only. Until this version a run still streaming when its round ended stayed "running" for good; the server
-- now closes such runs as "unfinished" when the round ends. This closes the ones left in sessions already ended.
UPDATE "Run"
SET "status" = 'unfinished',
    "reason" = 'the round ended before this run was verified',
    "finishedAt" = (SELECT "endedAt" FROM "Session" WHERE "Session"."id" = "Run"."sessionId")
WHERE "status" = 'running'
  AND "sessionId" IN (SELECT "id" FROM "Session" WHERE "status" = 'ended');
