SELECT Hash, Body FROM Payloads WHERE Hash IN (SELECT value FROM json_each(@hashes));
