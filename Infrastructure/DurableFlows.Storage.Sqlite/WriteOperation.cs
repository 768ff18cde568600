namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// One unit of work for the writer: it runs inside the group transaction under its own savepoint, so a
/// duplicate checkpoint rolls back alone; after the commit the caller's task completes.
/// </summary>
internal abstract class WriteOperation
{
    /// <summary>
    /// Gets whether the operation may wait for company: a lone deferrable operation (a dequeue count) does not
    /// cost a commit of its own but rides with the next one.
    /// </summary>
    public abstract bool Deferrable { get; }

    /// <summary>Runs the statements. Throwing rolls back this operation's savepoint only.</summary>
    public abstract void Execute(WriteContext context);

    /// <summary>Reports the outcome after the transaction committed.</summary>
    public abstract void Committed();

    /// <summary>Reports that the operation failed, or that the transaction carrying it did.</summary>
    public abstract void Failed(Exception error);
}
