INSERT INTO Inbox (InstanceId, ExecutionId, Queue, VisibleAt, EventType, Body, PayloadRefs)
VALUES (@instanceId, @executionId, @queue, @visibleAt, @eventType, @body, @payloadRefs)
RETURNING SequenceNumber;
