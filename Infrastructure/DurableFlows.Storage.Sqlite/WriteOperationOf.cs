namespace DurableFlows.Storage.Sqlite;

/// <summary>A write operation that produces a result for its caller.</summary>
internal sealed class WriteOperationOf<T>(Func<WriteContext, T> work, bool deferrable) : WriteOperation
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T _result = default!;

    public Task<T> Task => _completion.Task;

    public override bool Deferrable => deferrable;

    public override void Execute(WriteContext context) => _result = work(context);

    public override void Committed() => _completion.TrySetResult(_result);

    public override void Failed(Exception error) => _completion.TrySetException(error);
}
