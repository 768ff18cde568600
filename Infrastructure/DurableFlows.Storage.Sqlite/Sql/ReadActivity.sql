SELECT DequeueCount, Body, PayloadRefs FROM Activities WHERE ActivityId = @activityId;
