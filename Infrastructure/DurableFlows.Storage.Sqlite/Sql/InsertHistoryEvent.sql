INSERT INTO History (InstanceId, ExecutionId, SequenceNumber, EventType, Body, PayloadRefs)
VALUES (@instanceId, @executionId, @sequenceNumber, @eventType, @body, @payloadRefs);
