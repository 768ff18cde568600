using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DurableFlows.Bundles;

/// <summary>
/// Builds the flow projects (normally <c>Orchestrations/</c> and <c>Activities/</c>) with
/// <c>dotnet publish</c> into one folder and zips it with <see cref="ReproducibleZip"/>, so the same
/// code gives the same bundle hash and a redeploy uploads nothing.
/// </summary>
public sealed class CodeBundleBuilder
{
    private readonly string _dotnet;
    private readonly string _configuration;

    /// <summary>Creates the builder.</summary>
    /// <param name="dotnetPath">The <c>dotnet</c> executable; by default the one on PATH.</param>
    /// <param name="configuration">The build configuration to publish.</param>
    public CodeBundleBuilder(string dotnetPath = "dotnet", string configuration = "Release")
    {
        _dotnet = dotnetPath;
        _configuration = configuration;
    }

    /// <summary>Publishes <paramref name="projectPaths"/> and zips the output.</summary>
    /// <param name="projectPaths">The csproj files (or their folders) of the flows.</param>
    /// <param name="workDirectory">A folder for the publish output and the zip; its <c>publish</c> sub-folder is emptied first.</param>
    /// <param name="progress">Receives <see cref="BundleStage.Publishing"/>, <see cref="BundleStage.Zipping"/> and <see cref="BundleStage.Built"/>.</param>
    /// <param name="cancellationToken">Stops the build and kills a running publish.</param>
    /// <exception cref="BundleBuildException"><c>dotnet publish</c> failed.</exception>
    public async Task<CodeBundle> BuildAsync(IReadOnlyList<string> projectPaths, string workDirectory, IProgress<BundleProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectPaths);
        if (projectPaths.Count == 0)
        {
            throw new ArgumentException("projectPaths is empty; expected the flow projects, such as Orchestrations/ and Activities/.", nameof(projectPaths));
        }

        var publishDirectory = Path.Combine(Path.GetFullPath(workDirectory), "publish");
        if (Directory.Exists(publishDirectory))
        {
            Directory.Delete(publishDirectory, recursive: true);
        }

        Directory.CreateDirectory(publishDirectory);
        foreach (var project in projectPaths)
        {
            if (!File.Exists(project) && !Directory.Exists(project))
            {
                throw new BundleBuildException($"Flow project '{project}' does not exist; expected a .csproj file or its folder.");
            }

            progress?.Report(new BundleProgress(BundleStage.Publishing, project));
            await PublishAsync(project, publishDirectory, SourceRoot(projectPaths), cancellationToken);
        }

        return await ZipAsync(publishDirectory, workDirectory, progress, cancellationToken);
    }

    /// <summary>Zips an already published folder into a bundle under <paramref name="workDirectory"/>.</summary>
    public static async Task<CodeBundle> ZipAsync(string publishDirectory, string workDirectory, IProgress<BundleProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        progress?.Report(new BundleProgress(BundleStage.Zipping, publishDirectory));
        Directory.CreateDirectory(workDirectory);
        var zipPath = Path.Combine(workDirectory, "bundle-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture) + ".zip");
        await ReproducibleZip.CreateAsync(publishDirectory, zipPath, cancellationToken);
        var built = await CodeBundle.FromFileAsync(zipPath, cancellationToken);
        var finalPath = Path.Combine(workDirectory, built.Sha256 + ".zip");
        File.Move(zipPath, finalPath, overwrite: true);
        var bundle = built with { Path = Path.GetFullPath(finalPath) };
        progress?.Report(new BundleProgress(BundleStage.Built, bundle.Sha256, bundle.Size, bundle.Size));
        return bundle;
    }

    private async Task PublishAsync(string project, string outputDirectory, string sourceRoot, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "publish", project, "-c", _configuration, "-o", outputDirectory, "--nologo", "--no-self-contained",

            // Deterministic compiler output, with the folder the flows live in mapped to /_/: without it the
            // dll records its pdb's absolute path and the same code hashes differently in another checkout.
            "-p:ContinuousIntegrationBuild=true", "-p:Deterministic=true", $"-p:PathMap={sourceRoot}=/_/",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new BundleBuildException($"'{_dotnet} publish {project}' did not start.");
        var output = new StringBuilder();
        var readOutput = ReadAllAsync(process.StandardOutput, output);
        var readError = ReadAllAsync(process.StandardError, output);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await Task.WhenAll(readOutput, readError);
        if (process.ExitCode != 0)
        {
            var text = output.ToString();
            var tail = text.Length > 4000 ? text[^4000..] : text;
            throw new BundleBuildException($"'dotnet publish {project}' failed with exit code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}:{Environment.NewLine}{tail}");
        }
    }

    private static string SourceRoot(IReadOnlyList<string> projectPaths)
    {
        // The deepest folder holding every project, so the projects' relative layout survives the mapping.
        var folders = projectPaths
            .Select(path => Path.GetFullPath(Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!))
            .Select(folder => folder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar)
            .ToList();
        var root = folders[0];
        while (!folders.All(folder => folder.StartsWith(root, StringComparison.Ordinal)))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar))! + Path.DirectorySeparatorChar;
        }

        return root;
    }

    private static async Task ReadAllAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
