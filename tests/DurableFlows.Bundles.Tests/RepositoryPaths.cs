namespace DurableFlows.Bundles.Tests;

/// <summary>Finds the repository's folders from the test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string NodeModules => Path.Combine(Root, "tests", "node", "node_modules");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DurableFlows.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No DurableFlows.sln above {AppContext.BaseDirectory}.");
    }
}
