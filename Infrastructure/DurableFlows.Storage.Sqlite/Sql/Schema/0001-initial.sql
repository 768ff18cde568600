-- Schema version 1. Released: never edit this file; add the next numbered file instead.
-- Times are UTC ticks. Bodies are DurableTask.Core JSON; strings longer than the payload threshold are
-- replaced by references into Payloads, and PayloadRefs lists (once each) the hashes a row references.

-- One row per orchestration instance: its current execution, where it is routed and its state.
CREATE TABLE Instances (
    InstanceId      TEXT    NOT NULL PRIMARY KEY,
    ExecutionId     TEXT    NOT NULL,
    Name            TEXT    NOT NULL,
    Queue           TEXT    NOT NULL,
    Status          INTEGER NOT NULL,
    CreatedTime     INTEGER NOT NULL,
    LastUpdatedTime INTEGER NOT NULL,
    CompletedTime   INTEGER,
    State           TEXT    NOT NULL,
    PayloadRefs     TEXT
);

-- The history of each instance's current execution. A second checkpoint of the same step collides on
-- the primary key: that is how duplicate execution is detected.
CREATE TABLE History (
    InstanceId     TEXT    NOT NULL,
    ExecutionId    TEXT    NOT NULL,
    SequenceNumber INTEGER NOT NULL,
    EventType      INTEGER NOT NULL,
    Body           TEXT    NOT NULL,
    PayloadRefs    TEXT,
    PRIMARY KEY (InstanceId, ExecutionId, SequenceNumber)
) WITHOUT ROWID;

-- Messages waiting for an orchestration (the inbox). Queue is copied from the instance so that the next
-- ready message of a queue is one index range; VisibleAt delays timers and scheduled starts.
CREATE TABLE Inbox (
    SequenceNumber INTEGER PRIMARY KEY AUTOINCREMENT,
    InstanceId     TEXT    NOT NULL,
    ExecutionId    TEXT,
    Queue          TEXT    NOT NULL,
    VisibleAt      INTEGER NOT NULL,
    DequeueCount   INTEGER NOT NULL DEFAULT 0,
    EventType      INTEGER NOT NULL,
    Body           TEXT    NOT NULL,
    PayloadRefs    TEXT
);
CREATE INDEX Inbox_Ready ON Inbox (Queue, VisibleAt, SequenceNumber);
CREATE INDEX Inbox_Instance ON Inbox (InstanceId, SequenceNumber);

-- Scheduled activities, routed by the queue of the instance that scheduled them.
CREATE TABLE Activities (
    ActivityId   INTEGER PRIMARY KEY AUTOINCREMENT,
    InstanceId   TEXT    NOT NULL,
    ExecutionId  TEXT,
    Queue        TEXT    NOT NULL,
    Name         TEXT    NOT NULL,
    TaskId       INTEGER NOT NULL,
    DequeueCount INTEGER NOT NULL DEFAULT 0,
    Body         TEXT    NOT NULL,
    PayloadRefs  TEXT
);
CREATE INDEX Activities_Ready ON Activities (Queue, ActivityId, Name);
CREATE INDEX Activities_Instance ON Activities (InstanceId);

-- Large strings, stored once by SHA-256 of their content and counted by the rows that reference them.
CREATE TABLE Payloads (
    Hash     TEXT    NOT NULL PRIMARY KEY,
    Body     TEXT    NOT NULL,
    RefCount INTEGER NOT NULL DEFAULT 0
);

CREATE TRIGGER History_AddRefs AFTER INSERT ON History WHEN new.PayloadRefs IS NOT NULL BEGIN
    UPDATE Payloads SET RefCount = RefCount + 1 WHERE Hash IN (SELECT value FROM json_each(new.PayloadRefs));
END;
CREATE TRIGGER History_DropRefs AFTER DELETE ON History WHEN old.PayloadRefs IS NOT NULL BEGIN
    UPDATE Payloads SET RefCount = RefCount - 1 WHERE Hash IN (SELECT value FROM json_each(old.PayloadRefs));
    DELETE FROM Payloads WHERE RefCount <= 0 AND Hash IN (SELECT value FROM json_each(old.PayloadRefs));
END;
CREATE TRIGGER Inbox_AddRefs AFTER INSERT ON Inbox WHEN new.PayloadRefs IS NOT NULL BEGIN
    UPDATE Payloads SET RefCount = RefCount + 1 WHERE Hash IN (SELECT value FROM json_each(new.PayloadRefs));
END;
CREATE TRIGGER Inbox_DropRefs AFTER DELETE ON Inbox WHEN old.PayloadRefs IS NOT NULL BEGIN
    UPDATE Payloads SET RefCount = RefCount - 1 WHERE Hash IN (SELECT value FROM json_each(old.PayloadRefs));
    DELETE FROM Payloads WHERE RefCount <= 0 AND Hash IN (SELECT value FROM json_each(old.PayloadRefs));
END;
CREATE TRIGGER Activities_AddRefs AFTER INSERT ON Activities WHEN new.PayloadRefs IS NOT NULL BEGIN
    UPDATE Payloads SET RefCount = RefCount + 1 WHERE Hash IN (SELECT value FROM json_each(new.PayloadRefs));
END;
CREATE TRIGGER Activities_DropRefs AFTER DELETE ON Activities WHEN old.PayloadRefs IS NOT NULL BEGIN
    UPDATE Payloads SET RefCount = RefCount - 1 WHERE Hash IN (SELECT value FROM json_each(old.PayloadRefs));
    DELETE FROM Payloads WHERE RefCount <= 0 AND Hash IN (SELECT value FROM json_each(old.PayloadRefs));
END;
CREATE TRIGGER Instances_AddRefs AFTER INSERT ON Instances WHEN new.PayloadRefs IS NOT NULL BEGIN
    UPDATE Payloads SET RefCount = RefCount + 1 WHERE Hash IN (SELECT value FROM json_each(new.PayloadRefs));
END;
CREATE TRIGGER Instances_SwapRefs AFTER UPDATE OF PayloadRefs ON Instances
WHEN new.PayloadRefs IS NOT old.PayloadRefs BEGIN
    UPDATE Payloads SET RefCount = RefCount + 1 WHERE Hash IN (SELECT value FROM json_each(coalesce(new.PayloadRefs, '[]')));
    UPDATE Payloads SET RefCount = RefCount - 1 WHERE Hash IN (SELECT value FROM json_each(coalesce(old.PayloadRefs, '[]')));
    DELETE FROM Payloads WHERE RefCount <= 0 AND Hash IN (SELECT value FROM json_each(coalesce(old.PayloadRefs, '[]')));
END;
CREATE TRIGGER Instances_DropRefs AFTER DELETE ON Instances WHEN old.PayloadRefs IS NOT NULL BEGIN
    UPDATE Payloads SET RefCount = RefCount - 1 WHERE Hash IN (SELECT value FROM json_each(old.PayloadRefs));
    DELETE FROM Payloads WHERE RefCount <= 0 AND Hash IN (SELECT value FROM json_each(old.PayloadRefs));
END;

-- Which schema scripts were applied, and when. PRAGMA user_version holds the same number.
CREATE TABLE SchemaVersions (
    Version   INTEGER NOT NULL PRIMARY KEY,
    Script    TEXT    NOT NULL,
    AppliedAt TEXT    NOT NULL
);
