UPDATE Activities SET DequeueCount = DequeueCount + 1 WHERE ActivityId = @activityId;
