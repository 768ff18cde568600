SELECT ExecutionId, Status, CreatedTime, LastUpdatedTime, State, PayloadRefs FROM Instances WHERE InstanceId = @instanceId;
