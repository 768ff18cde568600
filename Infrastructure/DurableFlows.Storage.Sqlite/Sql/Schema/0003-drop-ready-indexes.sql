-- Schema version 3. Released: never edit this file; add the next numbered file instead.
-- Workers are handed work from memory, loaded at start-up by a scan in sequence order, so the per-queue
-- indexes of version 1 were written on every insert and delete and never read.
DROP INDEX Inbox_Ready;
DROP INDEX Activities_Ready;
