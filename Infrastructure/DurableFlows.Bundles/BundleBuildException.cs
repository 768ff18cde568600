namespace DurableFlows.Bundles;

/// <summary><c>dotnet publish</c> of a flow project failed; the message carries the end of its output.</summary>
public sealed class BundleBuildException : BundleException
{
    /// <summary>The classification of a failed build.</summary>
    public const string BuildFailed = "BundleBuildFailed";

    /// <summary>Creates the exception.</summary>
    public BundleBuildException(string message)
        : base(BuildFailed, message)
    {
    }
}
