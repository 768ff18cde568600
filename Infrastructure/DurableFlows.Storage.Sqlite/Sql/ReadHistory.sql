SELECT Body, PayloadRefs FROM History
WHERE InstanceId = @instanceId AND ExecutionId = (SELECT ExecutionId FROM Instances WHERE InstanceId = @instanceId)
  AND (@executionId IS NULL OR ExecutionId = @executionId)
ORDER BY SequenceNumber;
