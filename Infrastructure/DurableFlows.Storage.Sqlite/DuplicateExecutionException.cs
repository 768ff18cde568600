namespace DurableFlows.Storage.Sqlite;

/// <summary>A checkpoint or completion that another execution of the same step already wrote.</summary>
internal sealed class DuplicateExecutionException(string reason) : Exception(reason);
