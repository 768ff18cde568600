namespace DurableFlows.Storage.Sqlite;

/// <summary>What choosing an instance needs from its Instances row: its execution, name, queue and whether it is still Pending.</summary>
internal readonly record struct InstanceRoute(string ExecutionId, string Name, string Queue, bool Pending);
