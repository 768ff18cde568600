DELETE FROM Inbox WHERE InstanceId = @instanceId AND SequenceNumber IN (SELECT value FROM json_each(@sequenceNumbers));
