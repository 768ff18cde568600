-- Finished instances (Completed 1, Failed 3, Canceled 4, Terminated 5) in a time range.
SELECT InstanceId FROM Instances
WHERE Status IN (1, 3, 4, 5)
  AND (@statuses IS NULL OR Status IN (SELECT value FROM json_each(@statuses)))
  AND (@createdFrom IS NULL OR CreatedTime >= @createdFrom)
  AND (@createdTo IS NULL OR CreatedTime <= @createdTo)
  AND (@completedBefore IS NULL OR CompletedTime < @completedBefore)
  AND (@updatedBefore IS NULL OR LastUpdatedTime < @updatedBefore);
