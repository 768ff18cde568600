namespace DurableFlows.Storage.Tests;

/// <summary>The backend settings the conformance tests rely on.</summary>
/// <param name="LockTimeout">How long a lock holds without renewal.</param>
/// <param name="MaxDequeueCount">How many deliveries a message gets before it is treated as poison.</param>
public sealed record ConformanceOptions(TimeSpan LockTimeout, int MaxDequeueCount)
{
    /// <summary>Gets the settings every conformance test uses.</summary>
    public static ConformanceOptions Default { get; } = new(TimeSpan.FromSeconds(30), 3);
}
