-- Schema version 2. Released: never edit this file; add the next numbered file instead.
-- Queries filter instances by status and created time, and by name; version 1 scanned the table.
CREATE INDEX Instances_StatusCreated ON Instances (Status, CreatedTime);
CREATE INDEX Instances_Created ON Instances (CreatedTime);
CREATE INDEX Instances_Name ON Instances (Name);
