namespace DurableFlows.Sidecar.Tests;

/// <summary>Waits for a condition that other processes or threads bring about.</summary>
public static class Eventually
{
    /// <summary>How long a test waits for anything before it fails.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>Polls <paramref name="condition"/> every 10 ms until it holds; fails after <see cref="Patience"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"{what ?? "the condition"} did not hold within {Patience.TotalSeconds} s");
            await Task.Delay(10);
        }
    }
}
