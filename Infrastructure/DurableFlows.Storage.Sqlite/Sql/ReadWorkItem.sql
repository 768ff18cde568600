-- Batched: the current execution's history, then every visible inbox message of the instance.
SELECT Body, PayloadRefs FROM History
WHERE InstanceId = @instanceId AND ExecutionId = @executionId
ORDER BY SequenceNumber;
SELECT SequenceNumber, DequeueCount, Body, PayloadRefs FROM Inbox
WHERE InstanceId = @instanceId AND VisibleAt <= @now
ORDER BY SequenceNumber;
