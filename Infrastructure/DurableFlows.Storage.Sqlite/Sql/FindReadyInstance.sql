-- The oldest visible messages of the queue whose instances are not locked and pass the name filter
-- (several, so that workers looking at once each find one not yet claimed).
-- A pending instance is ready only once its start message is visible (scheduled starts).
SELECT m.InstanceId, i.ExecutionId, i.Queue
FROM Inbox m
JOIN Instances i ON i.InstanceId = m.InstanceId
WHERE m.Queue = @queue
  AND m.VisibleAt <= @now
  AND (@names IS NULL OR i.Name IN (SELECT value FROM json_each(@names)))
  AND m.InstanceId NOT IN (SELECT value FROM json_each(@locked))
  AND (i.Status <> 6 OR EXISTS (
        SELECT 1 FROM Inbox s WHERE s.InstanceId = i.InstanceId AND s.EventType = 0 AND s.VisibleAt <= @now))
ORDER BY m.VisibleAt, m.SequenceNumber
LIMIT 16;
