SELECT ExecutionId, Queue, Status FROM Instances WHERE InstanceId = @instanceId;
