SELECT min(VisibleAt) FROM Inbox WHERE Queue = @queue AND VisibleAt > @now;
