-- Tables: History, Inbox, Activities, Instances, Payloads. The schema stays.
DELETE FROM History;
DELETE FROM Inbox;
DELETE FROM Activities;
DELETE FROM Instances;
DELETE FROM Payloads;
