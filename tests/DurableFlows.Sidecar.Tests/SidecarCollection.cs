namespace DurableFlows.Sidecar.Tests;

/// <summary>The tests that share one sidecar.</summary>
[CollectionDefinition(Name)]
public sealed class SidecarCollection : ICollectionFixture<SidecarFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "sidecar";
}
