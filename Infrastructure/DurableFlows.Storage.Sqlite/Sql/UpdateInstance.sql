-- Only the execution the work item was locked for is updated; no row means it was superseded. The
-- created time comes back for the state that completion waiters are handed.
UPDATE Instances SET
    ExecutionId = @executionId, Status = @status, LastUpdatedTime = @now, CompletedTime = @completedTime,
    State = @state, PayloadRefs = @payloadRefs
WHERE InstanceId = @instanceId AND ExecutionId = @expectedExecutionId
RETURNING CreatedTime;
