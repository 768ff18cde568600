using DurableFlows.Bundles.Tests;

namespace DurableFlows.Host.Tests;

/// <summary>
/// The tests that publish the flow projects or use s3rver: one s3rver for them all, and one test at a
/// time, because two <c>dotnet publish</c> runs of the same project would share its obj/ folder.
/// </summary>
[CollectionDefinition(Name)]
public sealed class CodeStorageCollection : ICollectionFixture<S3rverFixture>
{
    public const string Name = "code storage";
}
