namespace DurableFlows.Bundles.Tests;

/// <summary>Reports on the caller's thread, unlike <see cref="Progress{T}"/>, so a test can react at once.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
