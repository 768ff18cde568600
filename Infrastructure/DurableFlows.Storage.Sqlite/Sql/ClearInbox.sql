-- A finished instance consumes nothing more: what is left in its inbox is dropped.
DELETE FROM Inbox WHERE InstanceId = @instanceId;
