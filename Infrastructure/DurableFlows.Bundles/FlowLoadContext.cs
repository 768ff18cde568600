using System.Reflection;
using System.Runtime.Loader;

namespace DurableFlows.Bundles;

/// <summary>
/// A collectible load context for one extracted bundle. Assemblies the host has (framework,
/// Microsoft.DurableTask.*, Microsoft.Extensions.*) come from the host, so a flow's
/// <c>ITaskOrchestrator</c> is the worker's <c>ITaskOrchestrator</c>; everything else comes from the bundle.
/// </summary>
internal sealed class FlowLoadContext : AssemblyLoadContext
{
    private readonly string _directory;
    private readonly IReadOnlySet<string> _hostAssemblies;
    private readonly IReadOnlyList<AssemblyDependencyResolver> _resolvers;

    public FlowLoadContext(string directory, IReadOnlySet<string> hostAssemblies)
        : base("DurableFlows bundle " + Path.GetFileName(directory), isCollectible: true)
    {
        _directory = directory;
        _hostAssemblies = hostAssemblies;

        // Each published project's deps.json knows its package assets (runtimes/, native libraries).
        _resolvers = Directory.EnumerateFiles(directory, "*.deps.json")
            .Order(StringComparer.Ordinal)
            .Select(deps => Path.ChangeExtension(Path.ChangeExtension(deps, null), ".dll"))
            .Where(File.Exists)
            .Select(main => new AssemblyDependencyResolver(main))
            .ToList();
    }

    public bool IsHostAssembly(string name) => _hostAssemblies.Contains(name);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null || IsHostAssembly(assemblyName.Name))
        {
            return null;
        }

        foreach (var resolver in _resolvers)
        {
            if (resolver.ResolveAssemblyToPath(assemblyName) is { } resolved)
            {
                return LoadFromAssemblyPath(resolved);
            }
        }

        var local = Path.Combine(_directory, assemblyName.Name + ".dll");
        return File.Exists(local) ? LoadFromAssemblyPath(local) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        foreach (var resolver in _resolvers)
        {
            if (resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } resolved)
            {
                return LoadUnmanagedDllFromPath(resolved);
            }
        }

        return IntPtr.Zero;
    }
}
