INSERT INTO Activities (InstanceId, ExecutionId, Queue, Name, TaskId, Body, PayloadRefs)
VALUES (@instanceId, @executionId, @queue, @name, @taskId, @body, @payloadRefs)
RETURNING ActivityId;
