namespace DurableFlows.Host;

/// <summary>How a deployment's full name, <c>Flow/deployment</c>, maps to its manifest in code storage.</summary>
internal static class DeploymentNames
{
    /// <summary>Gets the manifest name: the part after the last <c>/</c>, as Prefect names deployments.</summary>
    public static string ManifestName(string fullName) => fullName[(fullName.LastIndexOf('/') + 1)..];
}
