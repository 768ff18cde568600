using Microsoft.Extensions.Configuration;

namespace DurableFlows.Configuration;

/// <summary>
/// host.json after layering (file or embedded defaults, then environment variables, then command-line overrides)
/// and validation. Load it with <see cref="HostConfigurationLoader.Load"/>.
/// </summary>
public sealed class HostConfiguration
{
    internal HostConfiguration(
        IConfigurationRoot root,
        string? sourcePath,
        string baseDirectory,
        DurableTaskSettings durableTask,
        HttpApiSettings http,
        SidecarSettings sidecar,
        IReadOnlyList<string> warnings)
    {
        Root = root;
        SourcePath = sourcePath;
        BaseDirectory = baseDirectory;
        DurableTask = durableTask;
        Http = http;
        Sidecar = sidecar;
        Warnings = warnings;
    }

    /// <summary>Gets the schema version; always <c>2.0</c>.</summary>
    public string Version => HostConfigurationLoader.SupportedVersion;

    /// <summary>Gets the composed configuration, for sections other components interpret.</summary>
    public IConfigurationRoot Root { get; }

    /// <summary>Gets the host.json file that was read, or null when the embedded defaults were used.</summary>
    public string? SourcePath { get; }

    /// <summary>Gets the folder relative paths in host.json are resolved against (the file's folder).</summary>
    public string BaseDirectory { get; }

    /// <summary>Gets <c>extensions.durableTask</c>.</summary>
    public DurableTaskSettings DurableTask { get; }

    /// <summary>Gets <c>durableFlows.http</c> and <c>extensions.http.routePrefix</c>.</summary>
    public HttpApiSettings Http { get; }

    /// <summary>Gets <c>durableFlows.sidecar</c>.</summary>
    public SidecarSettings Sidecar { get; }

    /// <summary>Gets <c>durableFlows.storage</c> (code storage), passed through as written.</summary>
    public IConfigurationSection Storage => Root.GetSection("durableFlows:storage");

    /// <summary>Gets <c>durableFlows.workPools</c>, passed through as written.</summary>
    public IConfigurationSection WorkPools => Root.GetSection("durableFlows:workPools");

    /// <summary>Gets <c>durableFlows.deployments</c>, passed through as written.</summary>
    public IConfigurationSection Deployments => Root.GetSection("durableFlows:deployments");

    /// <summary>Gets <c>durableFlows.payloads</c>, passed through as written.</summary>
    public IConfigurationSection Payloads => Root.GetSection("durableFlows:payloads");

    /// <summary>
    /// Gets what start-up should print as warnings: unknown keys (each named by its path), Functions settings
    /// DurableFlows does not use, and whether the embedded defaults stand in for a missing host.json.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; }
}
