-- Batched, for an execution whose history is cached: how many events the database holds for it (the cache
-- is used only if that matches), then every visible inbox message of the instance.
SELECT COUNT(*) FROM History
WHERE InstanceId = @instanceId AND ExecutionId = @executionId;
SELECT SequenceNumber, DequeueCount, Body, PayloadRefs FROM Inbox
WHERE InstanceId = @instanceId AND VisibleAt <= @now
ORDER BY SequenceNumber;
