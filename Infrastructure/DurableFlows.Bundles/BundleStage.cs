namespace DurableFlows.Bundles;

/// <summary>The steps of building and deploying a bundle, as reported to a progress display.</summary>
public enum BundleStage
{
    /// <summary><c>dotnet publish</c> of one project runs.</summary>
    Publishing,

    /// <summary>The published folder is being zipped.</summary>
    Zipping,

    /// <summary>The bundle is built; its hash and size are known.</summary>
    Built,

    /// <summary>Code storage is asked whether it holds the bundle already.</summary>
    Checking,

    /// <summary>Bytes are being sent.</summary>
    Uploading,

    /// <summary>The bundle was uploaded and verified.</summary>
    Uploaded,

    /// <summary>The bundle was in code storage already; nothing was sent.</summary>
    Skipped,

    /// <summary>A deployment manifest is being written.</summary>
    Recording,
}
