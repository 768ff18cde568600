SELECT ExecutionId, Queue, Status, Name FROM Instances WHERE InstanceId = @instanceId;
