-- A payload is stored once; rows count their references through triggers.
INSERT INTO Payloads (Hash, Body) VALUES (@hash, @body) ON CONFLICT (Hash) DO NOTHING;
