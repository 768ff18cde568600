DELETE FROM Activities WHERE ActivityId = @activityId;
