-- A new execution replaces whatever the instance had: its history, inbox and scheduled activities. With
-- continue-as-new (@keepInbox = 1) the inbox stays, except messages addressed to another execution.
-- Tables: History, Inbox, Activities, Instances.
DELETE FROM History WHERE InstanceId = @instanceId;
DELETE FROM Inbox WHERE InstanceId = @instanceId
  AND (@keepInbox = 0 OR (ExecutionId IS NOT NULL AND ExecutionId <> @executionId));
DELETE FROM Activities WHERE InstanceId = @instanceId;
INSERT INTO Instances (InstanceId, ExecutionId, Name, Queue, Status, CreatedTime, LastUpdatedTime, CompletedTime, State, PayloadRefs)
VALUES (@instanceId, @executionId, @name, @queue, @status, @now, @now, NULL, @state, @payloadRefs)
ON CONFLICT (InstanceId) DO UPDATE SET
    ExecutionId = excluded.ExecutionId, Name = excluded.Name, Queue = excluded.Queue, Status = excluded.Status,
    CreatedTime = excluded.CreatedTime, LastUpdatedTime = excluded.LastUpdatedTime, CompletedTime = NULL,
    State = excluded.State, PayloadRefs = excluded.PayloadRefs;
