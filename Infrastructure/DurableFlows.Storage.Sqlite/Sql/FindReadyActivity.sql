SELECT ActivityId
FROM Activities
WHERE Queue = @queue
  AND (@names IS NULL OR Name IN (SELECT value FROM json_each(@names)))
  AND ActivityId NOT IN (SELECT value FROM json_each(@locked))
ORDER BY ActivityId
LIMIT 16;
