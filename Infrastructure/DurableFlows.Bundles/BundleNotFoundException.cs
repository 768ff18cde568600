namespace DurableFlows.Bundles;

/// <summary>The bundle a run names is not in code storage.</summary>
public sealed class BundleNotFoundException : BundleException
{
    /// <summary>The classification of a missing bundle.</summary>
    public const string Missing = "BundleMissing";

    /// <summary>Creates the exception.</summary>
    public BundleNotFoundException(string message)
        : base(Missing, message)
    {
    }
}
