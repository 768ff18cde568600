-- Only the execution the work item was locked for is updated; zero rows means it was superseded.
UPDATE Instances SET
    ExecutionId = @executionId, Status = @status, LastUpdatedTime = @now, CompletedTime = @completedTime,
    State = @state, PayloadRefs = @payloadRefs
WHERE InstanceId = @instanceId AND ExecutionId = @expectedExecutionId;
