UPDATE Inbox SET DequeueCount = DequeueCount + 1 WHERE SequenceNumber IN (SELECT value FROM json_each(@sequenceNumbers));
