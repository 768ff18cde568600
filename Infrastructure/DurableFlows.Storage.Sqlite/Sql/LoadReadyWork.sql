-- Everything workers may be handed, read once at start-up (and after a failed commit) into memory:
-- the inbox with the route of each message's instance (messages of no instance are never handed out),
-- then the scheduled activities.
SELECT m.SequenceNumber, m.InstanceId, m.ExecutionId, m.Queue, m.VisibleAt, m.DequeueCount, m.Body, m.PayloadRefs,
       i.ExecutionId, i.Name, i.Queue, i.Status
FROM Inbox m
JOIN Instances i ON i.InstanceId = m.InstanceId
ORDER BY m.SequenceNumber;
SELECT ActivityId, InstanceId, Queue, Name, DequeueCount, Body, PayloadRefs
FROM Activities
ORDER BY ActivityId;
