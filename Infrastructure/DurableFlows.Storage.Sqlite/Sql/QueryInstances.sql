-- Pages in instance-id order; the continuation token is the last id of the previous page.
SELECT InstanceId, ExecutionId, Status, CreatedTime, LastUpdatedTime, State, PayloadRefs FROM Instances
WHERE (@statuses IS NULL OR Status IN (SELECT value FROM json_each(@statuses)))
  AND (@createdFrom IS NULL OR CreatedTime >= @createdFrom)
  AND (@createdTo IS NULL OR CreatedTime <= @createdTo)
  AND (@names IS NULL OR Name IN (SELECT value FROM json_each(@names)))
  AND (@prefix IS NULL OR (InstanceId >= @prefix AND substr(InstanceId, 1, length(@prefix)) = @prefix))
  AND (@after IS NULL OR InstanceId > @after)
ORDER BY InstanceId
LIMIT @limit;
