-- Tables: History, Inbox, Activities, Instances (payload references are released by triggers).
-- Only a finished instance is purged.
DELETE FROM History WHERE InstanceId = @instanceId
  AND EXISTS (SELECT 1 FROM Instances WHERE InstanceId = @instanceId AND Status IN (1, 3, 4, 5));
DELETE FROM Inbox WHERE InstanceId = @instanceId
  AND EXISTS (SELECT 1 FROM Instances WHERE InstanceId = @instanceId AND Status IN (1, 3, 4, 5));
DELETE FROM Activities WHERE InstanceId = @instanceId
  AND EXISTS (SELECT 1 FROM Instances WHERE InstanceId = @instanceId AND Status IN (1, 3, 4, 5));
DELETE FROM Instances WHERE InstanceId = @instanceId AND Status IN (1, 3, 4, 5);
